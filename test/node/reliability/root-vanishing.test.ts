/**
 * A root that vanishes *during* a run: a drive unplugged after the walk listed its files
 * but before the workers decoded them all, or in the middle of the walk. The real indexer with 2
 * worker processes runs on a real library; the folder is renamed away (the files are gone: what an
 * unplugged drive looks like) or replaced by an empty folder (an unmounted mount point) at a
 * moment chosen by the run's own progress events. Then:
 *
 * - the root is marked offline, not emptied: nothing is removed, the photos already stored keep
 *   their rows and vectors;
 * - the files the run could not reach are neither recorded as deleted nor as per-file errors;
 * - the library stays consistent (integrity_check, one vector per photo);
 * - when the folder comes back, the next run embeds only what was missing and leaves every stored
 *   vector as it was.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexProgress, IndexSummary } from '../../../src-common/contract';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { writeDistinctPhotos } from '../../support/distinct-photos';
import { libraryCounts, openLibrary, tempDir } from '../indexer/indexer-fixtures';

/** Not a multiple of the batch size (8, or 16 with an accelerator): the walk always ends with a batch not yet sent to a worker. */
const PHOTOS = 150;

let services: LumenServices;

beforeAll(async () => {
  services = await openLibrary(await tempDir('vanish-lib'));
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

interface RootState {
  online: boolean;
  photos: number;
  errors: number;
}

function rootState(path: string): RootState {
  const root = services.photos.listRoots().find((r) => r.path === path);
  if (!root) throw new Error(`no root ${path}`);
  const errors = services.photos.listErrors().filter((e) => e.path === path || e.path.startsWith(`${path}${sep}`)).length;
  return { online: root.online, photos: services.photos.countPhotos(root.id), errors };
}

/** Every stored vector of the root, by path, as raw bytes. */
function storedVectors(path: string): Map<string, Buffer> {
  const rows = services.db.connection
    .prepare<[number, string], { path: string; vector: Buffer }>(
      `SELECT p.path AS path, e.vector AS vector FROM photos p JOIN embeddings e ON e.photo_id = p.id
       WHERE e.tower_row_id = ? AND p.root_id = (SELECT id FROM roots WHERE path = ?)`,
    )
    .all(services.towerRowId, path);
  return new Map(rows.map((row) => [row.path, row.vector]));
}

function integrity(): string {
  return services.db.connection.pragma('integrity_check', { simple: true }) as string;
}

function expectConsistent(): void {
  expect(integrity()).toBe('ok');
  const counts = libraryCounts(services);
  expect(counts.embeddings).toBe(counts.photos);
  expect(counts.vectors).toBe(counts.photos);
}

/** Indexes `drive`, calling `unplug` on the first progress event `when` accepts; returns the summary and that event. */
async function indexAndUnplug(
  drive: string,
  when: (p: IndexProgress) => boolean,
  unplug: () => void,
): Promise<{ summary: IndexSummary; at: IndexProgress | null }> {
  let at: IndexProgress | null = null;
  const summary = await services.indexer.indexFolders([drive], {
    onProgress: (progress) => {
      if (at || !when(progress)) return;
      at = { ...progress };
      unplug();
    },
  });
  return { summary, at };
}

/** The drive comes back: the next run embeds only what the first one did not reach, and changes no stored vector. */
async function plugBackAndReindex(drive: string, storedBefore: Map<string, Buffer>): Promise<IndexSummary> {
  const summary = await services.indexer.indexFolders([drive]);
  expect(summary).toMatchObject({
    found: PHOTOS,
    unchanged: storedBefore.size,
    indexed: PHOTOS - storedBefore.size,
    reused: 0,
    failed: 0,
    removed: 0,
    offline: [],
  });
  expect(rootState(drive)).toEqual({ online: true, photos: PHOTOS, errors: 0 });
  const after = storedVectors(drive);
  expect(after.size).toBe(PHOTOS);
  for (const [path, vector] of storedBefore) expect(after.get(path)?.equals(vector), path).toBe(true);
  expectConsistent();
  return summary;
}

describe('a root that vanishes mid-run', () => {
  it('after the walk, while workers decode: offline, kept, no errors; completed when it returns', async () => {
    const drive = await tempDir('vanish-decode');
    await writeDistinctPhotos(drive, PHOTOS, 31);
    const parked = `${drive}-unplugged`;
    const { summary, at } = await indexAndUnplug(
      drive,
      (p) => !p.scanning && p.found === PHOTOS,
      () => renameSync(drive, parked),
    );
    // The walk had listed every file, and decoding was still going on when the folder went away.
    expect(at).not.toBeNull();
    expect(at?.done).toBeLessThan(PHOTOS);

    expect(summary).toMatchObject({ found: PHOTOS, failed: 0, removed: 0, offline: [drive], cancelled: false });
    const stored = storedVectors(drive);
    expect(stored.size).toBe(summary.indexed);
    expect(summary.indexed).toBeGreaterThan(0);
    expect(summary.indexed).toBeLessThan(PHOTOS);
    expect(rootState(drive)).toEqual({ online: false, photos: summary.indexed, errors: 0 });
    expectConsistent();

    // A run while it is still gone changes nothing.
    const whileGone = await services.indexer.indexFolders([drive]);
    expect(whileGone).toMatchObject({ found: 0, removed: 0, failed: 0, offline: [drive] });
    expect(storedVectors(drive).size).toBe(stored.size);

    renameSync(parked, drive);
    const back = await plugBackAndReindex(drive, stored);
    console.log(
      `root vanishing after the walk: ${PHOTOS} photos, ${at?.done ?? 0} done when it vanished, ${summary.indexed} kept, ` +
        `${PHOTOS - summary.indexed} left for later; back: ${back.unchanged} unchanged, ${back.indexed} embedded`,
    );
  });

  it('during the walk, leaving an empty mount point: offline, kept, no folder or file errors', async () => {
    const drive = await tempDir('vanish-walk');
    // Sub-folders, so that the walk still has folders to list when the drive goes.
    const perFolder = PHOTOS / 5;
    for (let f = 0; f < 5; f++) {
      const folder = join(drive, `roll-${f}`);
      await mkdir(folder);
      await writeDistinctPhotos(folder, perFolder, 40 + f);
    }
    const parked = `${drive}-unplugged`;
    const { summary, at } = await indexAndUnplug(
      drive,
      (p) => p.scanning && p.done > 0,
      () => {
        renameSync(drive, parked);
        mkdirSync(drive); // the mount point stays behind, empty
      },
    );
    expect(at?.scanning).toBe(true);
    expect(at?.found).toBeLessThan(PHOTOS);

    expect(summary).toMatchObject({ failed: 0, removed: 0, offline: [drive], cancelled: false });
    expect(summary.found).toBeLessThan(PHOTOS);
    const stored = storedVectors(drive);
    expect(stored.size).toBe(summary.indexed);
    expect(summary.indexed).toBeGreaterThan(0);
    expect(rootState(drive)).toEqual({ online: false, photos: summary.indexed, errors: 0 });
    expectConsistent();

    rmSync(drive, { recursive: true });
    renameSync(parked, drive);
    const back = await plugBackAndReindex(drive, stored);
    console.log(
      `root vanishing during the walk: ${PHOTOS} photos in 5 folders, ${at?.found ?? 0} found and ${at?.done ?? 0} done when it vanished, ` +
        `${summary.indexed} kept; back: ${back.unchanged} unchanged, ${back.indexed} embedded`,
    );
  });
});
