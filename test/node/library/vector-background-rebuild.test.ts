import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import type { VectorLayoutThresholds } from '../../../src-main/node/library/vector/choose-vector-layout';
import { tableExists } from '../../../src-main/node/library/vector/index-table';
import { IvfIndex } from '../../../src-main/node/library/vector/ivf/ivf-index';
import type { ManagedVectorIndex } from '../../../src-main/node/library/vector/managed-vector-index';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { VecIndex } from '../../../src-main/node/library/vector/vec-index';
import type { Logger } from '../../../src-main/node/logging/logger';
import { MemoryLogger } from '../../support/memory-logger';
import { SwapGate } from '../../support/swap-gate';
import { cosine, makeTempDir, randomVectors, seedPhotos } from './library-fixtures';

const DIM = 16;
const THRESHOLDS: VectorLayoutThresholds = { ivfAtOrAbove: 200, exactBelow: 100, retrainGrowth: 2 };

/** Real SQLite, real worker processes (forked through tsx), small thresholds; completion is awaited, never timed. */
describe('background rebuilds of the vec index', () => {
  let dir: string;
  let cleanup: () => void;
  let dbs: LibraryDb[];
  let indexes: ManagedVectorIndex[];
  let towerRowId: number;
  let photoIds: number[];
  /** What `embeddings` holds, by photo id: the truth searches are checked against. */
  let truth: Map<number, Float32Array>;
  const vectors = randomVectors(700, DIM, 11);

  const openDb = (options?: { readonly?: boolean }) => {
    const db = LibraryDb.open(dir, options);
    dbs.push(db);
    return db;
  };
  /** Opens the index; a rebuild it starts waits before its swap until `gate` opens, if one is given. */
  const open = (db: LibraryDb, gate?: SwapGate, logger: Logger = new MemoryLogger()): ManagedVectorIndex => {
    const index = openVectorIndex(db, 'vec', towerRowId, DIM, { thresholds: THRESHOLDS, logger, ...(gate ? { beforeRebuildSwap: gate.beforeSwap } : {}) });
    indexes.push(index);
    return index;
  };
  /** Stores embeddings of photos [from, to) (vectors shifted by `variant` for updates) and writes them to the index, as the indexer does. */
  const add = (db: LibraryDb, index: ManagedVectorIndex, from: number, to: number, variant = 0) => {
    const embeddings = new EmbeddingRepository(db);
    const items = photoIds.slice(from, to).map((photoId, i) => ({ photoId, vector: vectors[(from + i + variant) % vectors.length] as Float32Array }));
    db.transaction(() => {
      for (const { photoId, vector } of items) embeddings.putEmbedding(photoId, towerRowId, vector);
      index.upsert(items);
    });
    for (const { photoId, vector } of items) truth.set(photoId, vector);
  };
  const remove = (db: LibraryDb, index: ManagedVectorIndex, ids: number[]) => {
    db.transaction(() => {
      db.prepare<[string]>('DELETE FROM embeddings WHERE photo_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
      index.remove(ids);
    });
    for (const id of ids) truth.delete(id);
  };
  /** The exact top k by cosine over the truth. */
  const exactTop = (query: Float32Array, k: number) =>
    [...truth.entries()]
      .map(([photoId, vector]) => ({ photoId, similarity: cosine(query, vector) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k)
      .map((hit) => hit.photoId);
  /** Exact layouts must match brute force exactly; IVF must at least find each probed photo itself, first. */
  const expectCorrectSearches = (index: ManagedVectorIndex) => {
    expect(index.count()).toBe(truth.size);
    const probes = [...truth.keys()].filter((_, i) => i % 37 === 0);
    for (const photoId of probes) {
      const query = truth.get(photoId) as Float32Array;
      const hits = index.search(query, 5).map((hit) => hit.photoId);
      if (index.kind === 'vec-exact') expect(hits).toEqual(exactTop(query, 5));
      else expect(hits[0]).toBe(photoId);
      for (const hit of hits) expect(truth.has(hit)).toBe(true);
    }
  };
  const leftovers = (db: LibraryDb) => ({
    rebuildTables: db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE name LIKE 'ivf\\_tower\\_%\\_rebuild\\_%' ESCAPE '\\'").pluck().all(),
    triggers: db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'vector\\_rebuild\\_%' ESCAPE '\\'").pluck().all(),
    records: tableExists(db, 'vector_index_rebuilds') ? db.prepare<[], number>('SELECT count(*) FROM vector_index_rebuilds').pluck().get() : 0,
  });
  const noLeftovers = { rebuildTables: [], triggers: [], records: 0 };
  const isRunning = (pid: number | undefined) => {
    try {
      process.kill(pid as number, 0);
      return true;
    } catch {
      return false;
    }
  };
  /** A library of `count` embeddings in the layout the policy picks for it, built synchronously at first open. */
  const seedLibrary = (count: number) => {
    const db = openDb();
    const embeddings = new EmbeddingRepository(db);
    db.transaction(() => {
      for (let i = 0; i < count; i++) embeddings.putEmbedding(photoIds[i] as number, towerRowId, vectors[i] as Float32Array);
    });
    for (let i = 0; i < count; i++) truth.set(photoIds[i] as number, vectors[i] as Float32Array);
    const index = open(db);
    expect(index.rebuilding).toBe(false); // a new index is built before first use, synchronously
    index.dispose();
    db.close();
  };

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    dbs = [];
    indexes = [];
    truth = new Map();
    const db = openDb();
    towerRowId = new EmbeddingRepository(db).ensureImageTower('tower', 'model', DIM);
    photoIds = seedPhotos(db, 700);
    db.close();
  });
  afterEach(async () => {
    for (const index of indexes) await index.close();
    for (const db of dbs) db.close();
    cleanup();
  });

  it('switches exact → IVF in the background: the exact index serves at once and writes made meanwhile survive the swap', async () => {
    seedLibrary(150);
    let db = openDb();
    let index = open(db);
    add(db, index, 150, 250); // grown past ivfAtOrAbove, but nothing happens until the next open or checkLayout
    expect(index.rebuilding).toBe(false);
    index.dispose();
    db.close();

    db = openDb();
    const gate = new SwapGate();
    index = open(db, gate);
    expect(index.kind).toBe('vec-exact'); // returned at once, the old layout serving
    expect(index.rebuilding).toBe(true);
    expectCorrectSearches(index);
    await gate.reached; // the worker has built IVF from what it read; the swap waits

    add(db, index, 250, 300); // new photos
    remove(db, index, photoIds.slice(10, 20)); // removed photos
    add(db, index, 30, 35, 400); // changed vectors
    // A write from another connection (the CLI beside the app) is caught too: triggers log it in SQL.
    const other = openDb();
    new EmbeddingRepository(other).putEmbedding(photoIds[300] as number, towerRowId, vectors[300] as Float32Array);
    truth.set(photoIds[300] as number, vectors[300] as Float32Array);
    other.close();
    expect(index.kind).toBe('vec-exact');
    expect(index.search(vectors[260] as Float32Array, 1)[0]?.photoId).toBe(photoIds[260]);

    gate.open();
    expect(await index.whenIdle()).toEqual({ status: 'swapped', target: 'ivf' });
    expect(index.rebuilding).toBe(false);
    expect(index.kind).toBe('ivf');
    expect(index.current).toBeInstanceOf(IvfIndex);
    expect(index.count()).toBe(truth.size);
    expectCorrectSearches(index);
    for (const id of photoIds.slice(10, 20)) expect(index.search(vectors[photoIds.indexOf(id)] as Float32Array, 3).map((h) => h.photoId)).not.toContain(id);
    expect(index.search(vectors[(30 + 400) % vectors.length] as Float32Array, 1)[0]?.photoId).toBe(photoIds[30]);
    expect(index.search(vectors[300] as Float32Array, 1)[0]?.photoId).toBe(photoIds[300]);
    expect(tableExists(db, VecIndex.tableName(towerRowId))).toBe(false); // the old layout is gone
    expect(leftovers(db)).toEqual(noLeftovers);
    index.dispose();
    db.close();

    // The next open finds IVF in place and consistent: nothing to do.
    db = openDb();
    index = open(db);
    expect(index.kind).toBe('ivf');
    expect(index.rebuilding).toBe(false);
    expectCorrectSearches(index);
  });

  it('switches IVF → exact in the background when the library shrinks', async () => {
    seedLibrary(250);
    let db = openDb();
    let index = open(db);
    expect(index.kind).toBe('ivf');
    remove(db, index, photoIds.slice(90, 250));
    index.dispose();
    db.close();

    db = openDb();
    const gate = new SwapGate();
    index = open(db, gate);
    expect(index.kind).toBe('ivf');
    await gate.reached;
    expect(tableExists(db, VecIndex.tableName(towerRowId))).toBe(true); // built, not yet serving
    expectCorrectSearches(index);
    add(db, index, 90, 95);
    gate.open();
    expect(await index.whenIdle()).toEqual({ status: 'swapped', target: 'vec-exact' });
    expect(index.kind).toBe('vec-exact');
    expectCorrectSearches(index);
    expect(tableExists(db, IvfIndex.tableName(towerRowId))).toBe(false);
    expect(tableExists(db, `${IvfIndex.tableName(towerRowId)}_members`)).toBe(false);
    expect(leftovers(db)).toEqual(noLeftovers);
  });

  it('retrains IVF centroids in the background when an indexing run has doubled the library (checkLayout)', async () => {
    seedLibrary(250);
    const db = openDb();
    const index = open(db);
    expect((index.current as IvfIndex).trainedOn()).toBe(250);
    add(db, index, 250, 500);
    expect(index.checkLayout()).toBeUndefined(); // 500 = 2 × 250: not yet
    add(db, index, 500, 520);
    expect(index.checkLayout()).toBe('ivf');
    expectCorrectSearches(index); // the old centroids serve meanwhile
    expect(await index.whenIdle()).toEqual({ status: 'swapped', target: 'ivf' });
    expect((index.current as IvfIndex).trainedOn()).toBe(520);
    expectCorrectSearches(index);
    expect(leftovers(db)).toEqual(noLeftovers);
    expect(db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'ivf%'").pluck().all().sort()).toEqual(
      [IvfIndex.tableName(towerRowId), `${IvfIndex.tableName(towerRowId)}_members`, `${IvfIndex.tableName(towerRowId)}_meta`].sort(),
    );
  });

  it('a killed worker leaves the current index serving and drops its leftovers; the next open rebuilds', async () => {
    seedLibrary(150);
    let db = openDb();
    let index = open(db);
    add(db, index, 150, 250);
    index.dispose();
    db.close();

    db = openDb();
    const logger = new MemoryLogger();
    const gate = new SwapGate();
    index = open(db, gate, logger);
    const rebuild = index.backgroundRebuild;
    await gate.reached;
    expect(leftovers(db).rebuildTables.length).toBeGreaterThan(0);
    process.kill(rebuild?.pid as number, 'SIGKILL');
    const outcome = await index.whenIdle();
    expect(outcome?.status).toBe('failed');
    expect(logger.at('warn')).toEqual([expect.objectContaining({ message: 'background vector index rebuild failed; the previous index keeps serving' })]);
    expect(index.kind).toBe('vec-exact');
    expectCorrectSearches(index);
    add(db, index, 250, 255); // still writable
    expectCorrectSearches(index);
    expect(leftovers(db)).toEqual(noLeftovers);
    index.dispose();
    db.close();

    db = openDb();
    index = open(db);
    expect(await index.whenIdle()).toEqual({ status: 'swapped', target: 'ivf' });
    expectCorrectSearches(index);
  });

  it('after the owning process dies mid-rebuild, the next open drops the leftovers and serves the intact index', async () => {
    seedLibrary(250);
    let db = openDb();
    let index = open(db);
    remove(db, index, photoIds.slice(80, 250)); // IVF should become exact
    index.dispose();
    db.close();

    const fixture = join(import.meta.dirname, 'rebuild-owner-fixture.ts');
    const owner = spawn(process.execPath, ['--import', 'tsx', fixture, dir, String(towerRowId), String(DIM), JSON.stringify(THRESHOLDS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: owner.stdout }), 'line')) as [string];
    const { workerPid } = JSON.parse(line) as { workerPid: number };
    const exited = once(owner, 'exit');
    owner.kill('SIGKILL');
    await exited;

    db = openDb();
    const left = leftovers(db);
    expect(left.records).toBe(1);
    expect(left.triggers.length).toBe(3);
    expect(tableExists(db, VecIndex.tableName(towerRowId))).toBe(true); // the half-done switch back to exact
    // The worker loses its owner's IPC channel and exits by itself (it holds no lock while waiting).
    const gate = new SwapGate();
    index = open(db, gate);
    expect(index.kind).toBe('ivf'); // the index in place, not the exact table the dead rebuild was making
    expectCorrectSearches(index);
    const fresh = index.backgroundRebuild;
    expect(fresh?.pid).not.toBe(workerPid);
    await gate.reached;
    gate.open();
    expect(await index.whenIdle()).toEqual({ status: 'swapped', target: 'vec-exact' });
    expectCorrectSearches(index);
    expect(leftovers(db)).toEqual(noLeftovers);
  });

  it('close() during a rebuild stops the worker and leaves the library as it was', async () => {
    seedLibrary(250);
    let db = openDb();
    let index = open(db);
    remove(db, index, photoIds.slice(90, 250));
    index.dispose();
    db.close();

    db = openDb();
    const gate = new SwapGate();
    index = open(db, gate);
    const rebuild = index.backgroundRebuild;
    await gate.reached;
    await index.close();
    expect(await rebuild?.done).toEqual({ status: 'cancelled', target: 'vec-exact' });
    expect(isRunning(rebuild?.pid)).toBe(false);
    expect(leftovers(db)).toEqual(noLeftovers);
    expect(tableExists(db, VecIndex.tableName(towerRowId))).toBe(false);
    db.close();

    // dispose() (synchronous) during a rebuild: the worker is killed; the next open is clean and rebuilds.
    db = openDb();
    const secondGate = new SwapGate();
    index = open(db, secondGate);
    await secondGate.reached;
    index.dispose();
    db.close();
    db = openDb();
    index = open(db);
    expect(index.kind).toBe('ivf');
    expect(await index.whenIdle()).toEqual({ status: 'swapped', target: 'vec-exact' });
    expectCorrectSearches(index);
    expect(leftovers(db)).toEqual(noLeftovers);
  });

  it('an index open elsewhere (the CLI beside the app) follows a layout swapped in by another connection', async () => {
    seedLibrary(150);
    const app = openDb();
    const appIndex = open(app);
    add(app, appIndex, 150, 250); // past the threshold; this connection keeps serving exact
    const cli = openDb();
    const cliIndex = open(cli);
    expect(await cliIndex.whenIdle()).toEqual({ status: 'swapped', target: 'ivf' });
    expect(tableExists(app, VecIndex.tableName(towerRowId))).toBe(false);
    expectCorrectSearches(appIndex); // reopened on the IVF tables now in place
    expect(appIndex.kind).toBe('ivf');
    add(app, appIndex, 250, 260);
    expectCorrectSearches(cliIndex);
  });

  it('a read-only library never rebuilds', () => {
    seedLibrary(150);
    const db = openDb();
    const index = open(db);
    add(db, index, 150, 250);
    index.dispose();
    db.close();
    const readonly = openDb({ readonly: true });
    const opened = open(readonly);
    expect(opened.kind).toBe('vec-exact');
    expect(opened.rebuilding).toBe(false);
    expect(opened.checkLayout()).toBeUndefined();
    expectCorrectSearches(opened);
  });
});
