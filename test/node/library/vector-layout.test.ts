import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { chooseVecLayout, ivfNeedsRetraining, type VectorLayoutThresholds } from '../../../src-main/node/library/vector/choose-vector-layout';
import { tableExists } from '../../../src-main/node/library/vector/index-table';
import { IvfIndex } from '../../../src-main/node/library/vector/ivf/ivf-index';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { VecIndex } from '../../../src-main/node/library/vector/vec-index';
import type { VectorIndex } from '../../../src-main/node/library/vector/vector-index';
import { makeTempDir, randomVectors, seedPhotos } from './library-fixtures';

const DIM = 16;
const THRESHOLDS: VectorLayoutThresholds = { ivfAtOrAbove: 200, exactBelow: 100, retrainGrowth: 2 };

describe('chooseVecLayout', () => {
  it('uses exact search below the IVF threshold and IVF from it on', () => {
    expect(chooseVecLayout(0, undefined, THRESHOLDS)).toBe('vec-exact');
    expect(chooseVecLayout(199, undefined, THRESHOLDS)).toBe('vec-exact');
    expect(chooseVecLayout(200, undefined, THRESHOLDS)).toBe('ivf');
    expect(chooseVecLayout(199, 'vec-exact', THRESHOLDS)).toBe('vec-exact');
  });

  it('keeps IVF until the library shrinks below the lower threshold (no rebuilding back and forth)', () => {
    expect(chooseVecLayout(150, 'ivf', THRESHOLDS)).toBe('ivf');
    expect(chooseVecLayout(100, 'ivf', THRESHOLDS)).toBe('ivf');
    expect(chooseVecLayout(99, 'ivf', THRESHOLDS)).toBe('vec-exact');
  });

  it('retrains IVF centroids when the library has outgrown them', () => {
    expect(ivfNeedsRetraining(10, 0, THRESHOLDS)).toBe(true);
    expect(ivfNeedsRetraining(400, 200, THRESHOLDS)).toBe(false);
    expect(ivfNeedsRetraining(401, 200, THRESHOLDS)).toBe(true);
  });
});

describe('openVectorIndex picks the vec layout from the library size', () => {
  let dir: string;
  let cleanup: () => void;
  let dbs: LibraryDb[];
  let towerRowId: number;
  let photoIds: number[];
  const vectors = randomVectors(600, DIM, 3);

  const openDb = (options?: { readonly?: boolean }) => {
    const db = LibraryDb.open(dir, options);
    dbs.push(db);
    return db;
  };
  // The policy itself, applied synchronously at open (vector-background-rebuild.test.ts covers the default, background rebuilds).
  const open = (db: LibraryDb): VectorIndex => openVectorIndex(db, 'vec', towerRowId, DIM, { thresholds: THRESHOLDS, rebuildInBackground: false }).current;
  /** Stores embeddings [from, to) and writes them to the index, as the indexer does. */
  const add = (db: LibraryDb, index: VectorIndex, from: number, to: number) => {
    const embeddings = new EmbeddingRepository(db);
    const items = photoIds.slice(from, to).map((photoId, i) => ({ photoId, vector: vectors[from + i] as Float32Array }));
    db.transaction(() => {
      for (const { photoId, vector } of items) embeddings.putEmbedding(photoId, towerRowId, vector);
      index.upsert(items);
    });
  };
  const removeEmbeddings = (db: LibraryDb, index: VectorIndex, ids: number[]) => {
    db.transaction(() => {
      db.prepare<[string]>('DELETE FROM embeddings WHERE photo_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
      index.remove(ids);
    });
  };

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    dbs = [];
    const db = openDb();
    towerRowId = new EmbeddingRepository(db).ensureImageTower('tower', 'model', DIM);
    photoIds = seedPhotos(db, 600);
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    cleanup();
  });

  it('switches exact → IVF when the library grows past the threshold, and back when it shrinks, dropping the other layout', () => {
    let db = openDb();
    let index = open(db);
    expect(index.kind).toBe('vec-exact');
    add(db, index, 0, 150);
    db.close();

    db = openDb();
    index = open(db);
    expect(index.kind).toBe('vec-exact');
    add(db, index, 150, 250);
    db.close();

    db = openDb();
    index = open(db);
    expect(index.kind).toBe('ivf');
    expect(index.count()).toBe(250);
    expect(tableExists(db, VecIndex.tableName(towerRowId))).toBe(false);
    expect(index.search(vectors[200] as Float32Array, 1)[0]?.photoId).toBe(photoIds[200]);

    removeEmbeddings(db, index, photoIds.slice(120, 250)); // 120 left: above exactBelow, IVF stays
    db.close();
    db = openDb();
    index = open(db);
    expect(index.kind).toBe('ivf');
    expect(index.count()).toBe(120);

    removeEmbeddings(db, index, photoIds.slice(90, 120)); // 90 left: back to exact
    db.close();
    db = openDb();
    index = open(db);
    expect(index.kind).toBe('vec-exact');
    expect(index.count()).toBe(90);
    expect(tableExists(db, IvfIndex.tableName(towerRowId))).toBe(false);
    expect(index.search(vectors[42] as Float32Array, 1)[0]?.photoId).toBe(photoIds[42]);
  });

  it('retrains the IVF centroids at open once the library has doubled since training', () => {
    let db = openDb();
    add(db, open(db), 0, 250);
    db.close();
    db = openDb();
    let index = open(db);
    expect(index).toBeInstanceOf(IvfIndex);
    expect((index as IvfIndex).trainedOn()).toBe(250);

    add(db, index, 250, 500); // 500 = 2 × 250: not yet
    db.close();
    db = openDb();
    index = open(db);
    expect((index as IvfIndex).trainedOn()).toBe(250);

    add(db, index, 500, 501);
    db.close();
    db = openDb();
    index = open(db);
    expect((index as IvfIndex).trainedOn()).toBe(501);
    expect(index.search(vectors[500] as Float32Array, 1)[0]?.photoId).toBe(photoIds[500]);
  });

  it('a read-only library keeps the layout it has, even where the policy would switch', () => {
    const db = openDb();
    add(db, open(db), 0, 250);
    db.close();
    openDb().close(); // nothing: the next writable open would build IVF; a read-only one must not try
    const readonly = openDb({ readonly: true });
    const index = open(readonly);
    expect(index.kind).toBe('vec-exact');
    expect(index.count()).toBe(250);
  });
});
