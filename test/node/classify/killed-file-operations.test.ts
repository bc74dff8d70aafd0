/**
 * The built `lumen` command moves and copies photos between two volumes (photos under the OS temp
 * folder, category folders on a tmpfs under /dev/shm) and is SIGKILLed mid-work, again and again:
 * during `classify --move`, `classify --copy` and `undo`, then `undo` (or a new classify, then
 * undo) runs to the end. After every round each original must be back at its path byte for byte,
 * exactly once, with nothing else left on either volume: no temporary file, no `(2)` copy.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPartialFileName } from '../../../src-main/node/classify/partial-file-name';
import { mulberry32 } from '../../support/independent-shapes-renderer';

const ROOT = join(import.meta.dirname, '../../..');
/** The built command (`npm run build`); LUMEN_BIN names another build, e.g. a private one while out/ is being rebuilt. */
const LUMEN = process.env['LUMEN_BIN'] ?? join(ROOT, 'bin/lumen.js');
const PHOTOS = 16;
/** Uncompressed noise: big enough (about 7.7 MB each) that a kill lands inside a copy or a hash. */
const SIDE = 1600;
const COLOURS: ReadonlyArray<readonly [string, readonly [number, number, number]]> = [
  ['red', [220, 30, 30]],
  ['blue', [30, 40, 220]],
  ['green', [30, 200, 40]],
];

let volumeA: string;
let volumeB: string;
let photosDir: string;
let sortedDir: string;
let library: string;
let originals: Map<string, string>;

const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [LUMEN, ...args, '--library', library], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  return { code, stdout, stderr };
}

/** Files (temporary ones included) in the folders the command writes to: how far it has got. */
async function entriesIn(dirs: readonly string[]): Promise<number> {
  let count = 0;
  for (const dir of dirs) count += (await filesUnder(dir)).length;
  return count;
}

/**
 * Starts the command and SIGKILLs its process group (CLI and embed worker) once `progress()` has
 * reached `atProgress`, plus up to `extraMs`: aimed by progress, not time, so the kill lands in
 * real work however fast the machine is. Says whether the command had finished first.
 */
async function runThenKill(args: string[], progress: () => Promise<number>, atProgress: number, extraMs: number): Promise<string> {
  const child = spawn(process.execPath, [LUMEN, ...args, '--library', library], { cwd: ROOT, stdio: 'ignore', detached: true });
  let exited: string | null = null;
  const done = new Promise<void>((resolve) => child.on('exit', (code, signal) => ((exited = signal ?? `exit ${code}`), resolve())));
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  while (exited === null && (await progress()) < atProgress) await sleep(2);
  if (extraMs > 0) await sleep(extraMs);
  if (exited === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  await done;
  return exited ?? 'killed';
}

/** What a kill left mid-step: temporary copies on either volume, and journal rows between two steps. */
async function leftBetweenSteps(): Promise<{ partial: number; steps: Record<string, number> }> {
  const partial = [...(await filesUnder(photosDir)), ...(await filesUnder(sortedDir))].filter((f) => isPartialFileName(f.slice(f.lastIndexOf('/') + 1))).length;
  const db = new Database(join(library, 'lumen.db'), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT status, count(*) AS n FROM file_operations WHERE status IN ('planned', 'copied', 'undoing') GROUP BY status")
      .all() as Array<{ status: string; n: number }>;
    return { partial, steps: Object.fromEntries(rows.map((r) => [r.status, r.n])) };
  } finally {
    db.close();
  }
}

/** Batches the journal says are not undone yet. */
function openBatches(): number {
  const db = new Database(join(library, 'lumen.db'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM file_batches WHERE undone_at IS NULL').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** `lumen undo` until the journal has nothing left to undo; every run must succeed. */
async function undoAll(notes: string[]): Promise<void> {
  for (let i = 0; openBatches() > 0; i++) {
    if (i === 4) throw new Error(`undo never ran out of batches\n${notes.join('\n')}`);
    const undo = await run(['undo']);
    expect(undo.code, `${notes.join('\n')}\nundo: ${undo.stderr}`).toBe(0);
  }
}

/** Every original back at its own path byte for byte; nothing else on either volume. */
async function expectOriginalsExactlyOnce(notes: string[]): Promise<void> {
  const context = notes.join('\n');
  const onA = await filesUnder(photosDir);
  const onB = await filesUnder(sortedDir);
  expect(
    onA.map((f) => relative(photosDir, f)),
    context,
  ).toEqual([...originals.keys()].sort());
  expect(
    onB.map((f) => relative(sortedDir, f)),
    context,
  ).toEqual([]);
  for (const [name, hash] of originals) expect(await sha256(join(photosDir, name)), `${name}\n${context}`).toBe(hash);
}

beforeAll(async () => {
  volumeA = await mkdtemp(join(tmpdir(), 'lumen-kill-a-'));
  volumeB = await mkdtemp(join('/dev/shm', 'lumen-kill-b-'));
  photosDir = join(volumeA, 'photos');
  sortedDir = join(volumeB, 'sorted');
  library = join(volumeA, 'library');
  await mkdir(photosDir);
  originals = new Map();
  for (let i = 0; i < PHOTOS; i++) {
    const [, [r, g, b]] = COLOURS[i % COLOURS.length] as (typeof COLOURS)[number];
    const pixels = randomBytes(SIDE * SIDE * 3);
    // A flat colour with faint noise: the model sees the colour, the file does not compress.
    for (let p = 0; p < pixels.length; p += 3) {
      pixels[p] = r + ((pixels[p] as number) & 31);
      pixels[p + 1] = g + ((pixels[p + 1] as number) & 31);
      pixels[p + 2] = b + ((pixels[p + 2] as number) & 31);
    }
    const name = `p${String(i).padStart(4, '0')}.png`;
    await sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toFile(join(photosDir, name));
    originals.set(name, await sha256(join(photosDir, name)));
  }
  // Red and blue sort onto the other volume, green into a folder beside the photos (same volume).
  for (const [colour] of COLOURS) {
    const folder = colour === 'green' ? [] : ['--folder', join(sortedDir, colour)];
    const added = await run(['category', 'add', 'kill', colour, ...folder, '--unsure-below', '0']);
    expect(added.code, added.stderr).toBe(0);
  }
  const indexed = await run(['index', photosDir]);
  expect(indexed.code, indexed.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  if (volumeA) await rm(volumeA, { recursive: true, force: true });
  if (volumeB) await rm(volumeB, { recursive: true, force: true });
});

type Scenario = 'move, undo' | 'move, undo killed' | 'copy, undo' | 'copy, undo killed' | 'move, move again' | 'move done, undo killed';
const SCENARIOS: readonly Scenario[] = ['move, undo', 'copy, undo', 'move, undo killed', 'copy, undo killed', 'move, move again', 'move done, undo killed'];
const ROUNDS = 10;

describe('moves and copies across two volumes, killed at many points', () => {
  it(`survive ${ROUNDS} rounds of SIGKILLs with every original back exactly once and nothing left over`, async () => {
    expect((await stat(volumeA)).dev, 'the two folders must be on different volumes').not.toBe((await stat(volumeB)).dev);
    const seed = Date.now() % 100_000;
    const random = mulberry32(seed);
    const notes = [`seed ${seed}`];
    const files = [...originals.keys()].map((name) => join(photosDir, name));
    const classifyArgs = (action: 'move' | 'copy') => ['classify', ...files, '--into', 'kill', `--${action}`];
    const greenDir = join(photosDir, 'green');
    // Work done, as files seen where it writes: category folders (temporary files count too).
    const forward = () => entriesIn([sortedDir, greenDir]);
    const aim = (): number => 1 + Math.floor(random() * PHOTOS);
    const extra = (): number => Math.floor(random() * 12);
    let kills = 0;
    let interrupted = 0;
    let midStep = 0;
    const afterKill = async (): Promise<string> => {
      const left = await leftBetweenSteps();
      if (left.partial > 0 || Object.keys(left.steps).length > 0) midStep++;
      return `${left.partial} temporary file(s), unfinished rows ${JSON.stringify(left.steps)}`;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const scenario = SCENARIOS[round % SCENARIOS.length] as Scenario;
      const action = scenario.startsWith('copy') ? 'copy' : 'move';
      const target = aim();
      const started = performance.now();
      let note = `round ${round} (${scenario}):`;
      if (scenario === 'move done, undo killed') {
        const moved = await run(classifyArgs('move'));
        expect(moved.code, moved.stderr).toBe(0);
      } else {
        const ending = await runThenKill(classifyArgs(action), forward, target, extra());
        kills++;
        if (ending === 'SIGKILL') interrupted++;
        note += ` ${action} killed at ${target} files (${ending}, ${await forward()} there, ${await afterKill()})`;
      }
      const away = await forward();
      if (scenario.endsWith('undo killed') && away > 0) {
        // Undo's progress: files gone from the category folders since it started.
        const undoTarget = 1 + Math.floor(random() * away);
        const ending = await runThenKill(['undo'], async () => away - (await forward()), undoTarget, extra());
        kills++;
        if (ending === 'SIGKILL') interrupted++;
        note += `; undo killed at ${undoTarget} of ${away} (${ending}, ${await afterKill()})`;
      }
      if (scenario === 'move, move again') {
        // The next classify cleans up after the killed one, moves what is still in place, and says so for the rest.
        const again = await run(classifyArgs('move'));
        note += `; move again: exit ${again.code} (${again.stderr.split('\n')[0]})`;
        expect(again.stderr, `${notes.join('\n')}\n${note}`).not.toMatch(/ENOENT|EEXIST|Error:/);
      }
      notes.push(note);
      await undoAll(notes);
      await expectOriginalsExactlyOnce(notes);
      notes[notes.length - 1] += ` [${((performance.now() - started) / 1000).toFixed(1)} s]`;
    }
    notes.push(`${kills} kills, ${interrupted} of them mid-run, ${midStep} between two steps of a file`);
    console.log(notes.join('\n'));
    // The test means something only if most kills interrupted a running command, many of them in the middle of a file.
    expect(interrupted, notes.join('\n')).toBeGreaterThanOrEqual(kills - 2);
    expect(midStep, notes.join('\n')).toBeGreaterThanOrEqual(Math.ceil(kills / 3));
  }, 300_000);
});
