/**
 * Full disk. The library (database and thumbnails) lives on a small tmpfs that a filler
 * file fills up to a chosen level, so writes fail with the kernel's own ENOSPC, whichever part of
 * Lumen they come from: SQLite's WAL, a thumbnail written by an embed worker, an XMP sidecar
 * written by exiftool, a classify copy. The real CLI indexes in its own process with its workers.
 * After each fault: a `disk-full` error that names the place, exit code 1, PRAGMA integrity_check
 * ok, every photo indexed before still there with the same vector, no photo marked unreadable, no
 * partial file left; once space is freed, a rerun ends with every photo exactly once.
 *
 * Mounting needs root; where it is refused, those cases are skipped with the reason logged, and
 * the last case (SQLite's max_page_count on the indexer's own connection) still covers the
 * database path everywhere.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { sidecarPathOf } from '../../../src-main/node/tagging/keyword-writer';
import { SHAPES } from '../../support/independent-shapes-renderer';
import { inspectLibrary, runLumen, type LibraryState } from '../../support/library-inspection';
import { expectHealthy } from '../../support/library-assertions';
import { fillDisk, FILLER_NAME, freeSpace, tryMountTmpfs, unmount } from '../../support/storage-faults';
import { openLibrary, tempDir, writeShapePhotos } from '../indexer/indexer-fixtures';

const FIRST = 16;
const SECOND = 32;
const PAGE = 4096;
/** Free space left on the tmpfs for each faulty run (KiB): from "not even the first write" to "part of the run". */
const FILL_LEVELS_KB = [32, 96, 160];

let photosA: string;
let photosB: string;
let disk: string;
let mountRefused: string | undefined;
const figures: string[] = [];

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** What must hold after any fault: nothing lost, nothing twice, nothing marked unreadable, no damage. */
function expectIntact(state: LibraryState, before: LibraryState, label: string): void {
  expectHealthy(state, label);
  for (const [path, vector] of before.vectorsByPath) expect(state.vectorsByPath.get(path)?.equals(vector), `${label}: ${path} kept its vector`).toBe(true);
}

beforeAll(async () => {
  const base = await tempDir('disk-full');
  photosA = join(base, 'first');
  photosB = join(base, 'second');
  await mkdir(photosA);
  await mkdir(photosB);
  await writeShapePhotos(photosA, FIRST, 61);
  await writeShapePhotos(photosB, SECOND, 62);
  disk = join(base, 'small-disk');
  await mkdir(disk);
  mountRefused = tryMountTmpfs(disk, 8 * 1024);
  if (mountRefused) console.log(`disk-full: no tmpfs, the file-system cases are skipped: ${mountRefused}`);
}, 300_000);

afterAll(() => {
  if (!mountRefused) unmount(disk);
  console.log(`disk-full figures:\n  ${figures.join('\n  ')}`);
});

describe('a full disk', () => {
  it('while `lumen index` runs: disk-full naming the place, nothing lost; after freeing space a rerun finishes', async (context) => {
    if (mountRefused) return context.skip(`no tmpfs: ${mountRefused}`);
    const library = join(disk, 'library');
    const first = await runLumen(['index', photosA, '--library', library, '--json']);
    expect(first.code, first.stderr).toBe(0);
    let before = inspectLibrary(library);
    expect(before.photos).toBe(FIRST);
    const outcomes: string[] = [];

    for (const levelKb of FILL_LEVELS_KB) {
      const free = await fillDisk(disk, levelKb * 1024);
      const run = await runLumen(['index', photosA, photosB, '--library', library, '--json']);
      await freeSpace(disk);
      const state = inspectLibrary(library);
      const label = `${levelKb} KiB free`;
      const place = run.error?.message.includes('/thumbnails/') ? 'a thumbnail' : 'the database';
      outcomes.push(
        `${Math.round(free / 1024)} KiB free: exit ${run.code}, ${run.error?.code ?? 'no error'} on ${place}, ${state.photos - before.photos} photo(s) saved`,
      );
      // The first runs cannot finish (the second folder needs more than they leave); each must fail cleanly.
      expect(run.code, `${label}: ${run.stdout}${run.stderr}`).toBe(1);
      expect(run.error?.code, label).toBe('disk-full');
      expect(run.error?.message, label).toMatch(/^the disk is full: Lumen could not write /);
      // It names the place: the library's database or one of its thumbnails.
      expect(run.error?.message, label).toMatch(new RegExp(`${library}/(lumen\\.db|thumbnails/)`));
      expect(run.stderr, label).toContain('lumen: the disk is full');
      expect(run.stderr, label).not.toMatch(/SqliteError|FOREIGN KEY|at .*\.ts:\d+/);
      expectIntact(state, before, label);
      expect(state.photos, label).toBeGreaterThanOrEqual(before.photos);
      expect(
        (await filesUnder(join(library, 'thumbnails'))).filter((f) => !f.endsWith('.webp')),
        `${label}: partial thumbnails`,
      ).toEqual([]);
      before = state;
    }

    const rerun = await runLumen(['index', photosA, photosB, '--library', library, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { found: number; indexed: number; unchanged: number; failed: number };
    const after = inspectLibrary(library);
    expectIntact(after, before, 'after freeing space');
    expect(summary.found).toBe(FIRST + SECOND);
    expect(summary.failed).toBe(0);
    expect(after.photos).toBe(FIRST + SECOND);
    for (const dir of [photosA, photosB]) for (const name of await readdir(dir)) expect(after.vectorsByPath.has(join(dir, name)), name).toBe(true);
    const thumbnails = await filesUnder(join(library, 'thumbnails'));
    expect(thumbnails.length).toBe(FIRST + SECOND);
    figures.push(
      `lumen index on a tmpfs: ${FILL_LEVELS_KB.length} fills, ${FIRST + SECOND} photos; ${outcomes.join('; ')}; after freeing space: ${summary.indexed} indexed, ${summary.unchanged} unchanged, ${after.photos} photos, 0 errors, integrity ok`,
    );
  });

  it('only where thumbnails go (the database has room): disk-full naming the thumbnail, no photo marked unreadable', async (context) => {
    if (mountRefused) return context.skip(`no tmpfs: ${mountRefused}`);
    const library = await tempDir('disk-full-thumbnails');
    const thumbnails = join(library, 'thumbnails');
    await mkdir(thumbnails);
    const refused = tryMountTmpfs(thumbnails, 1024);
    if (refused) return context.skip(`no second tmpfs: ${refused}`);
    try {
      const first = await runLumen(['index', photosA, '--library', library, '--json']);
      expect(first.code, first.stderr).toBe(0);
      const before = inspectLibrary(library);
      const free = await fillDisk(thumbnails, 8 * PAGE);
      const run = await runLumen(['index', photosA, photosB, '--library', library, '--json']);
      await freeSpace(thumbnails);
      const state = inspectLibrary(library);
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
      expect(run.error?.code).toBe('disk-full');
      expect(run.error?.message).toMatch(
        new RegExp(`^the disk is full: Lumen could not write the thumbnail ${thumbnails}/[0-9a-f]{2}/[0-9a-f]{64}\\.webp \\(ENOSPC`),
      );
      expectIntact(state, before, 'thumbnails full');
      expect((await filesUnder(thumbnails)).filter((f) => !f.endsWith('.webp') && basename(f) !== FILLER_NAME)).toEqual([]);
      const rerun = await runLumen(['index', photosA, photosB, '--library', library, '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const after = inspectLibrary(library);
      expectIntact(after, state, 'after freeing the thumbnails disk');
      expect(after.photos).toBe(FIRST + SECOND);
      expect((await filesUnder(thumbnails)).length).toBe(FIRST + SECOND);
      figures.push(
        `thumbnails on a full tmpfs, database elsewhere: ${Math.round(free / 1024)} KiB free, exit ${run.code}, ${run.error?.code ?? ''}, ${state.photos - before.photos} photo(s) saved, ${state.errors} marked unreadable; after freeing space ${after.photos} photos`,
      );
    } finally {
      unmount(thumbnails);
    }
  });

  it('during sidecar export and classify copy: disk-full with how far it got, no partial file, originals unchanged', async (context) => {
    if (mountRefused) return context.skip(`no tmpfs: ${mountRefused}`);
    const jpegs = [...(await readdir(photosA)).map((n) => join(photosA, n)), ...(await readdir(photosB)).map((n) => join(photosB, n))]
      .filter((path) => path.endsWith('.jpg'))
      .slice(0, 10);
    const onDisk = join(disk, 'photos');
    await mkdir(onDisk);
    for (const path of jpegs) await copyFile(path, join(onDisk, basename(path)));
    const originals = new Map<string, string>();
    for (const path of await filesUnder(onDisk)) originals.set(path, await sha256(path));

    let services: LumenServices | undefined;
    try {
      services = await openLibrary(await tempDir('disk-full-export-lib'), 1);
      await services.indexer.indexFolders([onDisk]);
      services.tags.addTag('keeper');
      services.tags.decide('keeper', [...originals.keys()], 'accepted');

      // Sidecars (next to the photos, on the small disk): room for about two.
      await fillDisk(disk, 2 * PAGE);
      const exportFailure = await services.tags.exportKeywords().then(
        () => undefined,
        (error: unknown) => error,
      );
      await freeSpace(disk);
      expect(exportFailure).toBeInstanceOf(LumenFailure);
      const exportError = exportFailure as LumenFailure;
      expect(exportError.code).toBe('disk-full');
      expect(exportError.message).toMatch(new RegExp(`^the disk is full: Lumen could not write the sidecar ${onDisk}/[^ ]+\\.xmp`));
      const written = Number(/(\d+) sidecar\(s\)/.exec(exportError.message)?.[1]);
      const present = (await filesUnder(onDisk)).filter((f) => !originals.has(f));
      // Only whole sidecars: as many as the message says, each with the keyword, and no temporary file.
      expect(
        present.every((f) => f.endsWith('.xmp')),
        present.join(', '),
      ).toBe(true);
      expect(present.length).toBe(written);
      for (const sidecar of present) expect(await readFile(sidecar, 'utf8')).toContain('keeper');
      const exported = await services.tags.exportKeywords();
      expect(exported.failed).toEqual([]);
      expect(exported.sidecars.sort()).toEqual([...originals.keys()].map(sidecarPathOf).sort());

      // Classify copies (into folders on the small disk): room for the first three files.
      const sorted = join(disk, 'sorted');
      for (const shape of SHAPES) {
        await mkdir(join(sorted, shape), { recursive: true });
        await services.classify.defineCategory('disk-full', { name: shape, folder: join(sorted, shape) }, 0);
      }
      const sources = jpegs.slice(0, 8);
      const pages = async (path: string): Promise<number> => Math.ceil((await stat(path)).size / PAGE) * PAGE;
      let room = PAGE;
      for (const path of sources.slice(0, 3)) room += await pages(path);
      await fillDisk(disk, room);
      const copyFailure = await services.classify.classify({ into: 'disk-full', files: sources, action: 'copy' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      await freeSpace(disk);
      expect(copyFailure).toBeInstanceOf(LumenFailure);
      const copyError = copyFailure as LumenFailure;
      expect(copyError.code).toBe('disk-full');
      expect(copyError.message).toMatch(new RegExp(`^the disk is full: Lumen could not write ${sorted}/`));
      const copiedBefore = Number(/(\d+) of 8 photo\(s\) were copied/.exec(copyError.message)?.[1]);
      expect(copiedBefore).toBe(3);
      const copies = (await filesUnder(sorted)).filter((f) => basename(f) !== FILLER_NAME);
      expect(copies.length).toBe(copiedBefore);
      const sourceHashes = new Set(await Promise.all(sources.map(sha256)));
      for (const copy of copies) expect(sourceHashes.has(await sha256(copy)), copy).toBe(true);
      const undone = await services.undo.undoLast();
      expect(undone.restored.length).toBe(copiedBefore);
      expect(undone.kept).toEqual([]);
      expect(await filesUnder(sorted)).toEqual([]);
      const copied = await services.classify.classify({ into: 'disk-full', files: sources, action: 'copy' });
      expect(copied.photos.filter((p) => p.destination !== null).length).toBe(sources.length);
      expect((await filesUnder(sorted)).length).toBe(sources.length);

      for (const [path, hash] of originals) expect(await sha256(path), path).toBe(hash);
      figures.push(
        `sidecar export on a tmpfs: ${written} of ${originals.size} sidecars written before disk-full, no partial file, all ${exported.sidecars.length} after freeing space`,
        `classify copy on a tmpfs: ${copiedBefore} of ${sources.length} copied before disk-full, no partial copy, undo removed ${undone.restored.length}, all ${sources.length} after freeing space`,
      );
    } finally {
      await services?.dispose();
    }
  });

  it('through SQLite max_page_count on the indexer’s own connection (no mount needed): the same promises', async () => {
    const base = await tempDir('disk-full-pages');
    // Library pages are 32 KB: the rows of a few dozen photos fit in the room its pages already have, so
    // the limited runs get many photos (copies of the second folder under other names) to need new pages.
    const many = join(base, 'many');
    await mkdir(many);
    const copies = 20;
    for (const name of await readdir(photosB)) {
      for (let c = 0; c < copies; c++) await copyFile(join(photosB, name), join(many, `${c}-${name}`));
    }
    const services = await openLibrary(join(base, 'library'), 2);
    try {
      await services.indexer.indexFolders([photosA]);
      let before = inspectLibrary(services.libraryDir);
      expect(before.photos).toBe(FIRST);
      const outcomes: string[] = [];
      for (const extraPages of [0, 1, 3]) {
        const pageCount = services.db.connection.pragma('page_count', { simple: true }) as number;
        services.db.connection.pragma(`max_page_count = ${pageCount + extraPages}`);
        const failure = await services.indexer.indexFolders([photosA, many]).then(
          () => undefined,
          (error: unknown) => error,
        );
        const state = inspectLibrary(services.libraryDir);
        const label = `page limit +${extraPages}`;
        outcomes.push(
          `+${extraPages} page(s): ${failure instanceof LumenFailure ? failure.code : String(failure)}, ${state.photos - before.photos} photo(s) saved`,
        );
        expect(failure, label).toBeInstanceOf(LumenFailure);
        expect((failure as LumenFailure).code, label).toBe('disk-full');
        expect((failure as LumenFailure).message, label).toContain(
          `the disk is full: Lumen could not write the library database ${services.db.path} (SQLITE_FULL`,
        );
        expectIntact(state, before, label);
        before = state;
      }
      services.db.connection.pragma('max_page_count = 1073741823');
      const rerun = await services.indexer.indexFolders([photosA, many]);
      const after = inspectLibrary(services.libraryDir);
      expectIntact(after, before, 'after lifting the limit');
      expect(rerun.failed).toBe(0);
      expect(after.photos).toBe(FIRST + SECOND * copies);
      figures.push(`max_page_count: 3 limits, ${outcomes.join('; ')}; after lifting it: ${after.photos} photos, integrity ok`);
    } finally {
      await services.dispose();
    }
  });
});
