/**
 * Concurrency: several Lumen processes on one library at once. Searches and tag writes in
 * this process (the app's services) and `lumen search` processes while `lumen index` runs in its
 * own process; a second indexing run while one runs; several `lumen index` started together on a
 * new library; several processes opening a new library at the same moment. Nobody sees SQLITE_BUSY
 * or another raw error; no photo is lost or there twice; PRAGMA integrity_check stays ok.
 *
 * One indexing run per library at a time (IndexRunLock): a second run is refused at once with
 * `indexing-elsewhere`, a sentence that says what to do. Everything else (searches, tags, settings)
 * goes on beside a run: SQLite in WAL mode lets readers read while one process writes, and writes
 * wait their turn (BEGIN IMMEDIATE, busy timeout).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../../src-common/contract';
import { EmbedWorkerPool } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/node/library/migrations';
import { GatedEmbedder } from '../../support/gated-embedder';
import { LockHolder } from '../../support/storage-faults';
import { inspectLibrary, REPO_ROOT, runLumen, runLumenProcess, type CliOutcome } from '../../support/library-inspection';
import { expectHealthy } from '../../support/library-assertions';
import { openLibrary, tempDir, writeShapePhotos } from '../indexer/indexer-fixtures';

const FIRST = 16;
const SECOND = 32;

let photosA: string;
let photosB: string;
const figures: string[] = [];

/** No raw SQLite or Node error text, no stack trace: what a person reads must be a Lumen sentence. */
function expectNoRawError(run: CliOutcome, label: string): void {
  expect(`${run.stdout}${run.stderr}`, label).not.toMatch(/SQLITE_|SqliteError|database is locked|internal-error|\n\s+at /);
}

beforeAll(async () => {
  photosA = await tempDir('concurrent-a');
  photosB = await tempDir('concurrent-b');
  await writeShapePhotos(photosA, FIRST, 81);
  await writeShapePhotos(photosB, SECOND, 82);
}, 300_000);

afterAll(() => {
  console.log(`concurrent-processes figures:\n  ${figures.join('\n  ')}`);
});

describe('two Lumen processes on one library', () => {
  it('searches and tag writes here, and `lumen search` processes, while `lumen index` runs in another process', async () => {
    const services = await openLibrary(await tempDir('concurrent-search'), 1);
    try {
      await services.indexer.indexFolders([photosA]);
      const syncedAt = (): string => services.db.connection.prepare('SELECT synced_at FROM vector_index_sync').pluck().get() as string;
      const syncedBefore = syncedAt();
      const indexing = runLumenProcess(['index', photosB, '--library', services.libraryDir, '--json']);
      let running = true;
      void indexing.outcome.finally(() => (running = false));

      const seen: number[] = [];
      const cliSearches: Array<Promise<CliOutcome>> = [];
      let tagsWritten = 0;
      let searchesHere = 0;
      while (running) {
        const text = await services.search.search({ text: 'a red circle', limit: 200 });
        const first = text.hits[0];
        const like = first ? await services.search.search({ text: '', like: [first.photoId], limit: 200 }) : undefined;
        searchesHere += like ? 2 : 1;
        for (const response of [text, ...(like ? [like] : [])] as SearchResponse[]) {
          const ids = response.hits.map((hit) => hit.photoId);
          expect(new Set(ids).size, 'no photo twice in one answer').toBe(ids.length);
        }
        seen.push(text.hits.length);
        // The app writes too (a tag), beside the indexing process: it waits its turn, never fails.
        if (seen.length % 4 === 1) services.tags.addTag(`during-run-${tagsWritten++}`);
        if (cliSearches.length < 3 && seen.length % 5 === 1)
          cliSearches.push(runLumen(['search', 'a blue star', '--library', services.libraryDir, '--json', '--limit', '200']));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const indexed = await indexing.outcome;
      const searches = await Promise.all(cliSearches);
      expect(indexed.code, indexed.stderr).toBe(0);
      expectNoRawError(indexed, 'lumen index');
      for (const search of searches) {
        expect(search.code, search.stderr).toBe(0);
        expectNoRawError(search, 'lumen search');
        const hits = (JSON.parse(search.stdout) as SearchResponse).hits.length;
        expect(hits).toBeGreaterThanOrEqual(FIRST);
        expect(hits).toBeLessThanOrEqual(FIRST + SECOND);
      }
      // Each answer holds every photo committed when it ran: never fewer than before, never more than there are.
      expect(seen.length).toBeGreaterThan(0);
      for (let i = 1; i < seen.length; i++) expect(seen[i], `search ${i}`).toBeGreaterThanOrEqual(seen[i - 1] as number);
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(FIRST);
      expect(Math.max(...seen)).toBeLessThanOrEqual(FIRST + SECOND);
      // This process's open library sees the other process's photos at once.
      expect((await services.search.search({ text: 'a red circle', limit: 200 })).hits.length).toBe(FIRST + SECOND);
      // Opening the library in the search processes never rebuilt the vector index under the running indexer.
      expect(syncedAt()).toBe(syncedBefore);
      expect(services.tags.listTags().filter((tag) => tag.name.startsWith('during-run-')).length).toBe(tagsWritten);
      expectHealthy(inspectLibrary(services.libraryDir), 'after the run', FIRST + SECOND);
      const partial = seen.filter((n) => n > FIRST && n < FIRST + SECOND).length;
      figures.push(
        `while \`lumen index\` added ${SECOND} photos to ${FIRST}: ${searchesHere} searches here (${partial} saw a partly indexed library), ${searches.length} \`lumen search\` processes, ${tagsWritten} tag writes; 0 errors, integrity ok`,
      );
    } finally {
      await services.dispose();
    }
  });

  it('a second indexing run, from another process, is refused at once with a clear message', async () => {
    const services = await openLibrary(await tempDir('concurrent-second'), 1);
    try {
      let second: CliOutcome | undefined;
      const pool = new EmbedWorkerPool({ size: 1, model: { folder: services.model.folder, intraOpThreads: 1 }, libraryDir: services.libraryDir });
      // While this run holds its first batch, `lumen index` on the same library runs to its end.
      const embedder = new GatedEmbedder(pool, async () => {
        second = await runLumen(['index', photosA, '--library', services.libraryDir, '--json']);
      });
      const summary = await new Indexer({ ...services, embedder, batchSize: 4 }).indexFolders([photosA]);
      expect(second?.code, second?.stderr).toBe(1);
      expect(second?.error?.code).toBe('indexing-elsewhere');
      expect(second?.error?.message).toMatch(/^another Lumen run is indexing this library \(.+\) right now: .* Let it finish or stop it, then index again\.$/);
      expectNoRawError(second as CliOutcome, 'refused run');
      expect(summary).toMatchObject({ found: FIRST, indexed: FIRST, failed: 0 });
      expectHealthy(inspectLibrary(services.libraryDir), 'after both', FIRST);
      // Once the first run is over, the same command works.
      const again = await runLumen(['index', photosA, photosB, '--library', services.libraryDir, '--json']);
      expect(again.code, again.stderr).toBe(0);
      expectHealthy(inspectLibrary(services.libraryDir), 'after the next run', FIRST + SECOND);
      figures.push(
        `second run during a run: exit ${second?.code ?? '?'}, ${second?.error?.code ?? ''} ("${second?.error?.message.slice(0, 70) ?? ''}…"); the first run indexed ${summary.indexed}`,
      );
    } finally {
      await services.dispose();
    }
  });

  it('three `lumen index` started together on a new library: each indexes or is refused; every photo once', async () => {
    const library = join(await tempDir('concurrent-three'), 'library');
    const runs = await Promise.all([0, 1, 2].map(() => runLumen(['index', photosA, photosB, '--library', library, '--json'])));
    const outcomes: string[] = [];
    let indexed = 0;
    for (const run of runs) {
      expectNoRawError(run, 'one of three');
      if (run.code === 0) {
        const summary = JSON.parse(run.stdout) as { indexed: number; unchanged: number; failed: number };
        expect(summary.failed).toBe(0);
        indexed += summary.indexed;
        outcomes.push(`indexed ${summary.indexed}, unchanged ${summary.unchanged}`);
      } else {
        expect(run.code, run.stderr).toBe(1);
        expect(run.error?.code, run.stderr).toBe('indexing-elsewhere');
        outcomes.push('refused: indexing-elsewhere');
      }
    }
    // Runs never overlap, so no photo is embedded twice.
    expect(indexed).toBe(FIRST + SECOND);
    expectHealthy(inspectLibrary(library), 'after three at once', FIRST + SECOND);
    figures.push(`three \`lumen index\` at once on a new library: ${outcomes.join('; ')}; ${FIRST + SECOND} photos, each once`);
  });

  it('processes opening a new library at the same moment all get it, migrated once', async () => {
    const rounds = 2;
    const perRound = 4;
    // Lined up deterministically: a lock holder keeps the new, empty library locked while the
    // processes start, so that every one of them has read "schema version 0" and waits to migrate
    // it when the lock goes. (The app and `lumen index` started together do the same without help.)
    const script = `
      const { LibraryDb } = await import(${JSON.stringify(join(REPO_ROOT, 'src-main/node/library/library-db.ts'))});
      console.log('opening');
      try { const db = LibraryDb.open(process.argv[1]); console.log('ok ' + db.schemaVersion); db.close(); }
      catch (error) { console.log('failed ' + (error.code ?? '') + ' ' + error.message); }`;
    const answers: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const library = await tempDir(`concurrent-open-${round}`);
      const holder = await LockHolder.start(join(library, 'lumen.db'));
      try {
        await holder.command('wal', 'wal');
        await holder.command('lock', 'locked');
        const children = Array.from({ length: perRound }, () => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script, library], {
            cwd: REPO_ROOT,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          let markOpening: () => void = () => undefined;
          const opening = new Promise<void>((resolve) => (markOpening = resolve));
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('opening')) markOpening();
          });
          const done = new Promise<string>((resolve, reject) => {
            child.on('error', reject);
            child.on('close', () => {
              markOpening();
              resolve(out.replace('opening', '').trim());
            });
          });
          return { opening, done };
        });
        await Promise.all(children.map((c) => c.opening));
        // Each is now reading the version and then waiting for the lock (LibraryDb waits up to 5 s).
        await new Promise((resolve) => setTimeout(resolve, 500));
        await holder.command('release', 'released');
        answers.push(...(await Promise.all(children.map((c) => c.done))));
      } finally {
        await holder.stop();
      }
      expect(inspectLibrary(library).integrity).toBe('ok');
    }
    expect(answers).toEqual(Array.from({ length: rounds * perRound }, () => `ok ${LATEST_SCHEMA_VERSION}`));
    figures.push(`${rounds} rounds of ${perRound} processes opening a new library at once: ${answers.length} opened, 0 failed`);
  });
});
