/**
 * Locked or read-only database. A second process (test/support/sqlite-lock-holder.ts)
 * takes the library's write lock with BEGIN IMMEDIATE, as another program or a second Lumen would,
 * at a moment set by the run itself: when its first batch comes back from the real embed workers
 * and before the indexer writes it (GatedEmbedder). Held for less than the busy timeout, the run
 * waits and finishes; held past it, the run stops with `library-busy`. Then the read-only cases: the
 * library folder on a read-only mount, and its thumbnails folder made read-only in the middle of a
 * run. After each: PRAGMA integrity_check ok, nothing lost or doubled, no photo marked unreadable,
 * and once the fault is gone a rerun ends with every photo exactly once.
 *
 * As root, chmod stops no write, so read-only means a read-only bind mount here. Linux refuses to
 * make a mount read-only while a file under it is open for writing (the database is, while Lumen
 * runs), so the database itself can only be read-only from the start of a process; the thumbnails
 * folder, whose files are written and closed one by one, can turn read-only mid-run.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { EmbedWorkerPool } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { GatedEmbedder } from '../../support/gated-embedder';
import { inspectLibrary, REPO_ROOT, runLumen, type CliOutcome, type LibraryState } from '../../support/library-inspection';
import { expectHealthy } from '../../support/library-assertions';
import { LockHolder, remountReadOnly, tryBind, tryBindReadOnly, unmount } from '../../support/storage-faults';
import { openLibrary, tempDir, writeShapePhotos } from '../indexer/indexer-fixtures';

const COUNT = 24;
/** How long the holder keeps the lock in the "waits" case: well under LibraryDb's 5 s busy timeout. */
const SHORT_HOLD_MS = 1500;

let photos: string;
const figures: string[] = [];
const mounted: string[] = [];

function indexerFor(services: LumenServices, gate: () => Promise<void>): { indexer: Indexer; embedder: GatedEmbedder } {
  const pool = new EmbedWorkerPool({ size: 1, model: { folder: services.model.folder, intraOpThreads: 1 }, libraryDir: services.libraryDir });
  const embedder = new GatedEmbedder(pool, gate);
  return { indexer: new Indexer({ ...services, embedder, batchSize: 4 }), embedder };
}

function failureOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function expectCompleteRerun(services: LumenServices, label: string): Promise<LibraryState> {
  const summary = await services.indexer.indexFolders([photos]);
  const state = inspectLibrary(services.libraryDir);
  expectHealthy(state, label);
  expect(summary.failed, label).toBe(0);
  expect(state.photos, label).toBe(COUNT);
  for (const name of await readdir(photos)) expect(state.vectorsByPath.has(join(photos, name)), `${label}: ${name}`).toBe(true);
  return state;
}

beforeAll(async () => {
  photos = await tempDir('locked-photos');
  await writeShapePhotos(photos, COUNT, 71);
}, 300_000);

afterAll(() => {
  for (const dir of mounted.splice(0).reverse()) unmount(dir);
  console.log(`locked-database figures:\n  ${figures.join('\n  ')}`);
});

describe('another process holds the library’s write lock', () => {
  it('for less than the busy timeout: the run waits for it and finishes', async () => {
    const services = await openLibrary(await tempDir('locked-short'), 1);
    const holder = await LockHolder.start(services.db.path);
    try {
      let lockedAt = 0;
      const { indexer, embedder } = indexerFor(services, async () => {
        await holder.command('lock', 'locked');
        await holder.command(`release-after ${SHORT_HOLD_MS}`, 'releasing');
        lockedAt = performance.now();
      });
      const summary = await indexer.indexFolders([photos]);
      const waitedMs = Math.round(performance.now() - lockedAt);
      const state = inspectLibrary(services.libraryDir);
      expectHealthy(state, 'after waiting');
      expect(summary).toMatchObject({ found: COUNT, indexed: COUNT, failed: 0, cancelled: false });
      expect(state.photos).toBe(COUNT);
      expect(holder.transcript).toEqual(['ready', 'locked', 'releasing', 'released']);
      figures.push(
        `lock held ${SHORT_HOLD_MS} ms from the first batch (${embedder.batches} batches): the run waited and indexed all ${summary.indexed} photos (lock taken to run end: ${waitedMs} ms), integrity ok`,
      );
    } finally {
      await holder.stop();
      await services.dispose();
    }
  });

  it('past the busy timeout: library-busy, nothing saved twice or lost, and a rerun finishes', async () => {
    const services = await openLibrary(await tempDir('locked-long'), 1);
    const holder = await LockHolder.start(services.db.path);
    try {
      const { indexer } = indexerFor(services, () => holder.command('lock', 'locked'));
      const failure = await failureOf(indexer.indexFolders([photos]));
      const state = inspectLibrary(services.libraryDir);
      expect(failure).toBeInstanceOf(LumenFailure);
      const { code, message } = failure as LumenFailure;
      expect(code).toBe('library-busy');
      expect(message).toMatch(/^the library is locked by another program or Lumen process, and stayed locked while Lumen waited/);
      expect(message).toContain(services.db.path);
      expect(message).toMatch(/This run saved \d+ file\(s\) before it stopped\.$/);
      expectHealthy(state, 'while still locked');
      // The lock came before the run's first write of photos: nothing of this run is in.
      expect(state.photos).toBe(0);
      await holder.command('release', 'released');
      const after = await expectCompleteRerun(services, 'after the lock was released');
      figures.push(
        `lock held past the 5 s busy timeout: library-busy ("${message.slice(0, 60)}…"), ${state.photos} photos written while locked, integrity ok; after release ${after.photos} photos`,
      );
    } finally {
      await holder.stop();
      await services.dispose();
    }
  });

  it('when `lumen index` starts: it exits 1 with library-busy, `lumen search` still answers, the library is intact', async () => {
    const library = await tempDir('locked-cli');
    const services = await openLibrary(library, 1);
    await services.indexer.indexFolders([photos]);
    const before = inspectLibrary(library);
    await services.dispose();
    const newPhotos = await tempDir('locked-cli-more');
    await writeShapePhotos(newPhotos, 4, 72);

    const holder = await LockHolder.start(join(library, 'lumen.db'));
    try {
      await holder.command('lock', 'locked');
      const [index, search] = await Promise.all([
        runLumen(['index', newPhotos, '--library', library, '--json']),
        runLumen(['search', 'a red circle', '--library', library, '--json', '--limit', String(COUNT)]),
      ]);
      expect(index.code, index.stderr).toBe(1);
      expect(index.error?.code).toBe('library-busy');
      expect(index.stderr).toMatch(/^lumen: the library is locked by another program or Lumen process/m);
      expect(index.stderr).not.toMatch(/SqliteError|^lumen: database is locked/m);
      // Reading needs no write lock (WAL): searching goes on while another program writes.
      expect(search.code, search.stderr).toBe(0);
      expect((JSON.parse(search.stdout) as { hits: unknown[] }).hits.length).toBe(COUNT);
      await holder.command('release', 'released');
      const state = inspectLibrary(library);
      expectHealthy(state, 'after the refused run');
      expect(state.vectorsByPath).toEqual(before.vectorsByPath);
      const rerun = await runLumen(['index', newPhotos, '--library', library, '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(inspectLibrary(library).photos).toBe(COUNT + 4);
      figures.push(
        `\`lumen index\` started under a held lock: exit ${index.code}, ${index.error?.code ?? ''}; \`lumen search\` meanwhile: exit ${search.code}; after release the index run added 4 photos`,
      );
    } finally {
      await holder.stop();
    }
  });
});

describe('another process writes between a transaction’s read and its write', () => {
  it('the transaction (the indexer’s kind: read what is there, then write) still commits, and the other writer waits', async () => {
    const services = await openLibrary(await tempDir('locked-interleaved'), 1);
    try {
      await services.indexer.indexFolders([photos]);
      // Another program's one write, run to its end in the middle of our transaction; it waits at most 300 ms for the lock.
      const otherWrite = `
        import Database from 'better-sqlite3';
        const db = new Database(process.argv[1], { timeout: 300 });
        try { db.prepare("INSERT INTO settings (key, value) VALUES ('test.other-writer', 'was here')").run(); console.log('written'); }
        catch (error) { console.log(error.code); }`;
      let other = '';
      services.db.transaction(() => {
        const known = services.photos.countPhotos();
        other = execFileSync(process.execPath, ['--input-type=module', '--eval', otherWrite, services.db.path], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
        services.photos.markRootScanned(services.photos.listRoots()[0]?.id ?? 0);
        expect(services.photos.countPhotos()).toBe(known);
      });
      // Our transaction held the write lock from its start (BEGIN IMMEDIATE), so the other writer had to wait;
      // with a plain BEGIN it would have written, and our write would have failed with SQLITE_BUSY_SNAPSHOT.
      expect(other).toBe('SQLITE_BUSY');
      expectHealthy(inspectLibrary(services.libraryDir), 'after the interleaved writes');
      figures.push(`another process writing between our read and our write: our transaction committed, the other got ${other} after its own 300 ms timeout`);
    } finally {
      await services.dispose();
    }
  });
});

describe('a read-only library', () => {
  it('on a read-only mount: `lumen index` says so, `lumen search` reads it where SQLite can, and the library is unchanged', async (context) => {
    const library = await tempDir('readonly-mount');
    const services = await openLibrary(library, 1);
    await services.indexer.indexFolders([photos]);
    await services.dispose();
    const before = inspectLibrary(library);
    const database = join(library, 'lumen.db');
    const readOnlyMessage = new RegExp(`^Lumen cannot write the library database ${database}: .*read-only`);
    const outcomes: string[] = [];
    let message = '';
    /** Runs index and search with the library folder mounted read-only. */
    const underReadOnlyMount = async (): Promise<{ index: CliOutcome; search: CliOutcome } | string> => {
      const refused = tryBindReadOnly(library);
      if (refused) return refused;
      mounted.push(library);
      try {
        return {
          index: await runLumen(['index', photos, '--library', library, '--json']),
          search: await runLumen(['search', 'red', '--library', library, '--json', '--limit', String(COUNT)]),
        };
      } finally {
        unmount(library);
        mounted.splice(mounted.indexOf(library), 1);
      }
    };

    // With the -wal and -shm files that a running or killed Lumen leaves beside it (a read-only
    // connection makes them here), searching reads the library, since opening it writes nothing.
    // Closed cleanly, without them, SQLite cannot open a WAL database on a read-only disk at all,
    // so searching says so too. Indexing says why it cannot, either way.
    const closeCleanly = (): void => {
      const db = new Database(database);
      db.prepare('SELECT count(*) FROM photos').get(); // the last connection to close checkpoints and removes -wal and -shm
      db.close();
    };
    const states: Array<[string, () => void, boolean]> = [
      ['with -wal and -shm', () => void inspectLibrary(library), true],
      ['closed cleanly', closeCleanly, false],
    ];
    for (const [state, prepare, searchable] of states) {
      prepare();
      expect((await readdir(library)).includes('lumen.db-wal'), state).toBe(searchable);
      const runs = await underReadOnlyMount();
      if (typeof runs === 'string') {
        console.log(`locked-database: read-only mount refused, case skipped: ${runs}`);
        return context.skip(`no read-only mount: ${runs}`);
      }
      expect(runs.index.code, `${state}: ${runs.index.stderr}`).toBe(1);
      expect(runs.index.error?.code, state).toBe('read-only');
      expect(runs.index.error?.message, state).toMatch(readOnlyMessage);
      expect(runs.index.stderr, state).not.toMatch(/SqliteError/);
      if (searchable) {
        expect(runs.search.code, `${state}: ${runs.search.stderr}`).toBe(0);
        expect((JSON.parse(runs.search.stdout) as { hits: unknown[] }).hits.length, state).toBe(COUNT);
      } else {
        expect(runs.search.code, `${state}: ${runs.search.stderr}`).toBe(1);
        expect(runs.search.error?.code, state).toBe('read-only');
        expect(runs.search.error?.message, state).toMatch(readOnlyMessage);
      }
      outcomes.push(`${state}: index → ${runs.index.error?.code ?? ''}, search → ${searchable ? `${COUNT} hits` : (runs.search.error?.code ?? '')}`);
      message = runs.index.error?.message ?? '';
    }

    const after = inspectLibrary(library);
    expectHealthy(after, 'after the read-only mount');
    expect(after.vectorsByPath).toEqual(before.vectorsByPath);
    figures.push(`library on a read-only mount: ${outcomes.join('; ')} ("${message.slice(0, 100)}…")`);
  });

  it('thumbnails folder turned read-only mid-run: read-only naming it, no photo marked unreadable; a rerun finishes', async (context) => {
    const services = await openLibrary(await tempDir('readonly-thumbnails'), 1);
    const thumbnails = join(services.libraryDir, 'thumbnails');
    await mkdir(thumbnails, { recursive: true });
    const refused = tryBind(thumbnails);
    if (refused) {
      await services.dispose();
      console.log(`locked-database: bind mount refused, case skipped: ${refused}`);
      return context.skip(`no bind mount: ${refused}`);
    }
    mounted.push(thumbnails);
    try {
      const { indexer } = indexerFor(services, () => remountReadOnly(thumbnails));
      const failure = await failureOf(indexer.indexFolders([photos]));
      const state = inspectLibrary(services.libraryDir);
      expect(failure).toBeInstanceOf(LumenFailure);
      const { code, message } = failure as LumenFailure;
      expect(code, message).toBe('read-only');
      expect(message).toMatch(
        new RegExp(`^Lumen cannot write the thumbnail ${thumbnails}/[0-9a-f]{2}/[0-9a-f]{64}\\.webp: the disk, folder or file is read-only \\(EROFS`),
      );
      expectHealthy(state, 'after the thumbnails folder turned read-only');
      expect(state.photos).toBeLessThan(COUNT);
      unmount(thumbnails);
      mounted.splice(mounted.indexOf(thumbnails), 1);
      const after = await expectCompleteRerun(services, 'after the folder was writable again');
      const thumbs = (await readdir(thumbnails, { recursive: true })).filter((name) => name.endsWith('.webp'));
      expect(thumbs.length).toBe(COUNT);
      figures.push(
        `thumbnails folder made read-only when the first batch came back: read-only, ${state.photos} of ${COUNT} saved, 0 marked unreadable; rerun: ${after.photos} photos, ${thumbs.length} thumbnails`,
      );
    } finally {
      if (mounted.includes(thumbnails)) {
        unmount(thumbnails);
        mounted.splice(mounted.indexOf(thumbnails), 1);
      }
      await services.dispose();
    }
  });
});
