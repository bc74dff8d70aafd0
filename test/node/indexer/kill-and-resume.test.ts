/**
 * A real indexing run (the CLI in a child process, with its worker processes) is SIGKILLed at
 * random moments, several times; then a last run finishes. The library must then hold every photo
 * exactly once with the same vector a clean run gives, no orphans, and pass PRAGMA integrity_check
 * after every kill.
 */
import { spawn } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { mulberry32 } from '../../support/independent-shapes-renderer';
import { libraryCounts, openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';
import { cosine } from '../library/library-fixtures';

const ROOT = join(import.meta.dirname, '../../..');
const KILLS = 5;
const PHOTOS = 120;

let photos: string;
let library: string;
let reference: LumenServices;

/** When to kill: after a fixed delay (start-up), or once the library holds at least `photos` photos, plus a little. */
type KillMoment = { afterMs: number } | { atPhotos: number; extraMs: number };

/**
 * Starts `lumen index` in a child process and SIGKILLs it at `moment`: the CLI process alone (its
 * workers then exit on their own), or its whole process group at once, workers included. Moments
 * are defined by progress rather than time, so kills land mid-run however fast the machine is.
 */
async function indexThenKill(moment: KillMoment, wholeGroup: boolean): Promise<{ finished: boolean; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/node/cli/main.ts', 'index', photos, '--library', library, '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ finished: boolean; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      if (code !== null && code !== 0) resolve({ finished: false, stderr: `exit ${code}: ${stderr}` });
      resolve({ finished: signal === null, stderr });
    });
  });
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  if ('afterMs' in moment) await sleep(moment.afterMs);
  else {
    while (!exited && inspect().photos < moment.atPhotos) await sleep(10);
    await sleep(moment.extraMs);
  }
  if (!exited) {
    if (wholeGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  }
  return done;
}

/** integrity_check's verdict, and how many photos the library holds (0 before the schema exists). */
function inspect(): { integrity: string; photos: number } {
  let db: LibraryDb;
  try {
    db = LibraryDb.open(library, { readonly: true });
  } catch (error) {
    // Killed before the first migration committed: no library yet, which is a consistent state.
    if ((error as { code?: string }).code === 'missing-library' || /schema version 0/.test((error as Error).message)) return { integrity: 'ok', photos: 0 };
    return { integrity: (error as Error).message, photos: -1 };
  }
  try {
    const integrity = db.connection.pragma('integrity_check', { simple: true }) as string;
    return { integrity, photos: db.connection.prepare('SELECT count(*) FROM photos').pluck().get() as number };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  photos = await tempDir('kill');
  library = await tempDir('kill-lib');
  const paths = await writeShapePhotos(photos, PHOTOS, 5);
  await copyFile(paths[0] as string, join(photos, 'duplicate.jpg'));
  await writeFile(join(photos, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]));
  reference = await openLibrary(await tempDir('kill-reference'));
  await reference.indexer.indexFolders([photos]);
}, 300_000);

afterAll(async () => {
  await reference?.dispose();
});

describe('killed at random moments, indexing resumes', () => {
  it(`survives ${KILLS} SIGKILLs and ends with every photo exactly once, integrity ok`, async () => {
    const seed = Date.now() % 100_000;
    const random = mulberry32(seed);
    const notes: string[] = [`seed ${seed}`];
    const photoCounts: number[] = [];
    const outcomes: boolean[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // The first kill lands in start-up; each later one at a random photo count a little past the last, mid-batch or between batches.
      // Steps and the extra delay stay short: the writer commits photos a transaction at a time (tens
      // at once) at hundreds per second, so a kill overshoots its threshold, and aiming far lets the
      // later runs find nothing left to interrupt.
      const before = photoCounts.at(-1) ?? 0;
      const moment: KillMoment =
        kill === 0
          ? { afterMs: Math.round(200 + random() * 1500) }
          : { atPhotos: before + 1 + Math.floor((random() * (PHOTOS - before)) / (2 * (KILLS - kill + 1))), extraMs: Math.round(random() * 30) };
      const wholeGroup = kill % 2 === 1;
      const outcome = await indexThenKill(moment, wholeGroup);
      const state = inspect();
      photoCounts.push(state.photos);
      outcomes.push(outcome.finished);
      notes.push(
        `kill ${kill} (${wholeGroup ? 'process group' : 'CLI process'}) at ${JSON.stringify(moment)}: ${outcome.finished ? 'finished first' : 'killed'}, ${state.photos} photos${outcome.stderr ? ` (${outcome.stderr.trim()})` : ''}`,
      );
      expect(state.integrity, notes.join('\n')).toBe('ok');
    }
    // The test only means something if kills interrupted real work: runs still going when killed,
    // at least two of them with some photos in but not all (the rest land in start-up or the end).
    expect(outcomes.filter((finished) => !finished).length, notes.join('\n')).toBeGreaterThanOrEqual(KILLS - 1);
    expect(photoCounts.filter((n) => n > 0 && n < PHOTOS + 1).length, notes.join('\n')).toBeGreaterThanOrEqual(2);

    const resumed = await openLibrary(library);
    try {
      const summary = await resumed.indexer.indexFolders([photos]);
      notes.push(`final run: ${JSON.stringify(summary)}`);
      expect(summary.found, notes.join('\n')).toBe(PHOTOS + 2);
      const counts = libraryCounts(resumed);
      const expected = libraryCounts(reference);
      expect(counts, notes.join('\n')).toEqual(expected);
      expect(counts).toEqual({ photos: PHOTOS + 1, embeddings: PHOTOS + 1, vectors: PHOTOS + 1, errors: 1 });

      const orphans = resumed.db.connection.prepare('SELECT count(*) FROM embeddings WHERE photo_id NOT IN (SELECT id FROM photos)').pluck().get() as number;
      expect(orphans).toBe(0);
      for (const root of reference.photos.listRoots()) {
        for (const { id, path } of reference.photos.listPhotoPathsInRoot(root.id)) {
          const photo = resumed.photos.getPhotoByPath(path);
          expect(photo, path).toBeDefined();
          const mine = resumed.embeddings.getEmbedding(photo?.id ?? -1, resumed.towerRowId);
          const theirs = reference.embeddings.getEmbedding(id, reference.towerRowId);
          expect(cosine(mine as Float32Array, theirs as Float32Array), path).toBeGreaterThan(0.9999);
        }
      }
    } finally {
      await resumed.dispose();
    }
    expect(inspect().integrity).toBe('ok');
    console.log(notes.join('\n'));
  }, 600_000);
});
