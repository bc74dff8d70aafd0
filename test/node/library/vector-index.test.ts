import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { openVectorIndex, type OpenVectorIndexOptions } from '../../../src-main/node/library/vector/open-vector-index';
import type { VectorBackendName, VectorIndex, VectorIndexKind } from '../../../src-main/node/library/vector/vector-index';
import { cosine, makeTempDir, randomVectors, seedPhotos } from './library-fixtures';

const DIM = 32;
const PHOTO_COUNT = 300;

let dir: string;
let cleanup: () => void;
let openDbs: LibraryDb[];
let db: LibraryDb;
let towerRowId: number;
let photoIds: number[];
let vectors: Float32Array[];

function openDb(options?: { readonly?: boolean }): LibraryDb {
  const opened = LibraryDb.open(dir, options);
  openDbs.push(opened);
  return opened;
}

/** Writes embeddings and index together, in one transaction, the way the indexer does. */
function store(database: LibraryDb, index: VectorIndex, ids: readonly number[], source: readonly Float32Array[]): void {
  const embeddings = new EmbeddingRepository(database);
  database.transaction(() => {
    ids.forEach((photoId, i) => embeddings.putEmbedding(photoId, towerRowId, source[i] ?? new Float32Array(DIM)));
    index.upsert(ids.map((photoId, i) => ({ photoId, vector: source[i] ?? new Float32Array(DIM) })));
  });
}

function bruteForce(query: Float32Array, ids: readonly number[], source: readonly Float32Array[], limit: number) {
  return ids
    .map((photoId, i) => ({ photoId, similarity: cosine(query, source[i] ?? new Float32Array(DIM)) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, limit);
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  openDbs = [];
  db = openDb();
  towerRowId = new EmbeddingRepository(db).ensureImageTower('tower-hash', 'test-model', DIM);
  photoIds = seedPhotos(db, PHOTO_COUNT);
  vectors = randomVectors(PHOTO_COUNT, DIM, 42);
});
afterEach(() => {
  for (const opened of openDbs) opened.close();
  cleanup();
});

/** Every backend and layout runs the same cases; IVF probes all its lists here, so it must rank exactly (its recall is tested in vector-ivf.test.ts). */
const BACKENDS: { label: string; backend: VectorBackendName; kind: VectorIndexKind; options: OpenVectorIndexOptions }[] = [
  { label: 'vss (Flat)', backend: 'vss', kind: 'vss-flat', options: {} },
  { label: 'vec (exact float32)', backend: 'vec', kind: 'vec-exact', options: { thresholds: { ivfAtOrAbove: 1e9, exactBelow: 1e9, retrainGrowth: 2 } } },
  {
    label: 'vec (IVF 4-bit codes, re-scored from embeddings)',
    backend: 'vec',
    kind: 'ivf',
    options: {
      thresholds: { ivfAtOrAbove: 0, exactBelow: 0, retrainGrowth: 2 },
      ivfSearch: {
        probeFraction: 1,
        largeProbeFraction: 1,
        largeFromLists: 500,
        minProbes: 1,
        rescoreFactor: 4,
        minRescore: 64,
        rescoreShare: 0,
        exactCandidateLimit: 10,
        exactCostInChecks: 250,
        filteredSeenFactor: 4,
        filteredProbeFactor: 2,
      },
    },
  },
];

describe.each(BACKENDS)('$label vector index', ({ backend, kind, options }) => {
  const open = (database: LibraryDb = db): VectorIndex => openVectorIndex(database, backend, towerRowId, DIM, options);

  it('reports its backend, kind and dimension', () => {
    const index = open();
    expect(index.backend).toBe(backend);
    expect(index.kind).toBe(kind);
    expect(index.dim).toBe(DIM);
  });

  it('searches only among the given candidate photos, exactly', () => {
    const index = open();
    store(db, index, photoIds, vectors);
    const candidates = photoIds.filter((_, i) => i % 7 === 3);
    const candidateVectors = vectors.filter((_, i) => i % 7 === 3);
    const query = at(randomVectors(1, DIM, 11), 0);
    const hits = index.search(query, 5, { amongPhotoIds: new Set(candidates) });
    expect(hits.map((hit) => hit.photoId)).toEqual(bruteForce(query, candidates, candidateVectors, 5).map((hit) => hit.photoId));
    expect(index.search(query, 5, { amongPhotoIds: new Set() })).toEqual([]);
  });

  it('finds the exact nearest neighbours, ranked like a brute-force cosine ranking', () => {
    const index = open();
    store(db, index, photoIds, vectors);
    expect(index.count()).toBe(PHOTO_COUNT);

    for (const query of randomVectors(10, DIM, 7)) {
      const expected = bruteForce(query, photoIds, vectors, 10);
      const hits = index.search(query, 10);
      expect(hits.map((hit) => hit.photoId)).toEqual(expected.map((hit) => hit.photoId));
      hits.forEach((hit, i) => {
        expect(hit.similarity).toBeCloseTo(at(expected, i).similarity, 5);
        expect(hit.distance).toBeCloseTo(Math.sqrt(2 - 2 * at(expected, i).similarity), 4);
      });
    }
  });

  it('finds a stored vector itself first, whatever its length', () => {
    const index = open();
    store(db, index, photoIds, vectors);
    const scaled = at(vectors, 17).map((value) => value * 123);
    const [best] = index.search(scaled, 1);
    expect(best?.photoId).toBe(at(photoIds, 17));
    expect(best?.similarity).toBeCloseTo(1, 5);
  });

  it('answers an empty index, a zero limit and an oversized limit sensibly', () => {
    const index = open();
    expect(index.count()).toBe(0);
    expect(index.search(at(vectors, 0), 10)).toEqual([]);

    store(db, index, photoIds.slice(0, 5), vectors.slice(0, 5));
    expect(index.search(at(vectors, 0), 0)).toEqual([]);
    const all = index.search(at(vectors, 0), 1000);
    expect(all.map((hit) => hit.photoId).sort((a, b) => a - b)).toEqual(photoIds.slice(0, 5));
    expect(all.map((hit) => hit.similarity)).toEqual([...all.map((hit) => hit.similarity)].sort((a, b) => b - a));
  });

  it('upsert replaces a photo’s vector, and the last of duplicates in one call wins', () => {
    const index = open();
    store(db, index, photoIds.slice(0, 20), vectors.slice(0, 20));
    const target = at(photoIds, 3);
    const opposite = at(vectors, 3).map((value) => -value);

    store(db, index, [target], [opposite]);
    expect(index.count()).toBe(20);
    const hit = index.search(at(vectors, 3), 20).find((h) => h.photoId === target);
    expect(hit?.similarity).toBeCloseTo(-1, 5);

    new EmbeddingRepository(db).putEmbedding(target, towerRowId, at(vectors, 3));
    index.upsert([
      { photoId: target, vector: at(vectors, 9) },
      { photoId: target, vector: at(vectors, 3) },
    ]);
    expect(index.count()).toBe(20);
    expect(index.search(at(vectors, 3), 1)[0]).toMatchObject({ photoId: target });
    expect(index.search(at(vectors, 3), 20).filter((h) => h.photoId === target)).toHaveLength(1);
  });

  it('remove removes, and ignores ids it does not hold', () => {
    const index = open();
    store(db, index, photoIds.slice(0, 20), vectors.slice(0, 20));
    index.remove([at(photoIds, 0), at(photoIds, 1), 999_999]);
    index.remove([]);

    expect(index.count()).toBe(18);
    const ids = index.search(at(vectors, 0), 50).map((hit) => hit.photoId);
    expect(ids).toHaveLength(18);
    expect(ids).not.toContain(at(photoIds, 0));
    expect(ids).not.toContain(at(photoIds, 1));
  });

  it('rebuildFrom replaces everything the index held', () => {
    const index = open();
    store(db, index, photoIds.slice(0, 50), vectors.slice(0, 50));
    const replacement = photoIds.slice(100, 130).map((photoId, i) => ({ photoId, vector: at(vectors, 100 + i) }));
    const embeddings = new EmbeddingRepository(db);
    db.transaction(() => replacement.forEach(({ photoId, vector }) => embeddings.putEmbedding(photoId, towerRowId, vector)));

    index.rebuildFrom(() => replacement);

    expect(index.count()).toBe(30);
    const query = at(vectors, 0);
    const expected = bruteForce(query, photoIds.slice(100, 130), vectors.slice(100, 130), 5);
    expect(index.search(query, 5).map((hit) => hit.photoId)).toEqual(expected.map((hit) => hit.photoId));
  });

  it('persists across close and reopen', () => {
    const index = open();
    store(db, index, photoIds, vectors);
    const query = at(randomVectors(1, DIM, 99), 0);
    const before = index.search(query, 15);
    db.close();

    const reopened = open(openDb());
    expect(reopened.count()).toBe(PHOTO_COUNT);
    expect(reopened.search(query, 15)).toEqual(before);
  });

  it('refuses vectors and queries of the wrong dimension, writing nothing', () => {
    const index = open();
    store(db, index, photoIds.slice(0, 3), vectors.slice(0, 3));
    const wrongLength = new Float32Array(DIM + 1).fill(1);

    const mismatch = expect.objectContaining({ code: 'vector-dimension-mismatch' });
    expect(() =>
      index.upsert([
        { photoId: at(photoIds, 10), vector: at(vectors, 10) },
        { photoId: at(photoIds, 11), vector: wrongLength },
      ]),
    ).toThrow(mismatch);
    expect(() => index.search(wrongLength, 5)).toThrow(mismatch);
    expect(() => index.rebuildFrom(() => [{ photoId: at(photoIds, 0), vector: wrongLength }])).toThrow(mismatch);
    expect(index.count()).toBe(3);
    expect(index.search(at(vectors, 10), 10).map((hit) => hit.photoId)).not.toContain(at(photoIds, 10));
    expect(() => openVectorIndex(db, backend, towerRowId, DIM * 2, options)).toThrow(mismatch);
  });

  it('refuses a zero vector, which has no direction', () => {
    const index = open();
    expect(() => index.upsert([{ photoId: at(photoIds, 0), vector: new Float32Array(DIM) }])).toThrow(expect.objectContaining({ code: 'bad-vector' }));
    expect(() => index.search(new Float32Array(DIM), 3)).toThrow(expect.objectContaining({ code: 'bad-vector' }));
  });

  it('sees another connection’s commits, and does not lose them when writing itself', () => {
    const first = open();
    const secondDb = openDb();
    const second = open(secondDb);

    store(db, first, [at(photoIds, 0)], [at(vectors, 0)]);
    expect(second.search(at(vectors, 0), 5).map((hit) => hit.photoId)).toEqual([at(photoIds, 0)]);
    store(secondDb, second, [at(photoIds, 1)], [at(vectors, 1)]);
    store(db, first, [at(photoIds, 2)], [at(vectors, 2)]);

    const expected = [0, 1, 2].map((i) => at(photoIds, i));
    const sorted = (hits: ReturnType<VectorIndex['search']>) => hits.map((hit) => hit.photoId).sort((a, b) => a - b);
    expect(sorted(first.search(at(vectors, 0), 10))).toEqual(expected);
    expect(sorted(second.search(at(vectors, 0), 10))).toEqual(expected);
    expect(sorted(open(openDb()).search(at(vectors, 0), 10))).toEqual(expected);
  });

  it('rebuilds at open when the index disagrees with the stored embeddings', () => {
    const index = open();
    store(db, index, photoIds.slice(0, 10), vectors.slice(0, 10));
    new EmbeddingRepository(db).putEmbedding(at(photoIds, 10), towerRowId, at(vectors, 10)); // written behind the index's back
    db.close();

    const reopened = open(openDb());
    expect(reopened.count()).toBe(11);
    expect(reopened.search(at(vectors, 10), 1)[0]?.photoId).toBe(at(photoIds, 10));
  });

  it('read-only library: searches an up-to-date index, and refuses one that was never built', () => {
    store(db, open(), photoIds.slice(0, 10), vectors.slice(0, 10));
    db.close();

    const readonlyDb = openDb({ readonly: true });
    expect(open(readonlyDb).search(at(vectors, 4), 1)[0]?.photoId).toBe(at(photoIds, 4));
    const other: VectorBackendName = backend === 'vss' ? 'vec' : 'vss';
    expect(() => openVectorIndex(readonlyDb, other, towerRowId, DIM, options)).toThrow(expect.objectContaining({ code: 'vector-index-stale' }));
  });

  it('refuses an image tower the library does not have', () => {
    expect(() => openVectorIndex(db, backend, towerRowId + 1, DIM, options)).toThrow(expect.objectContaining({ code: 'unknown-image-tower' }));
  });
});

describe('switching vector backend on an existing library', () => {
  it('rebuilds the newly chosen backend from embeddings, both ways', () => {
    const query = at(randomVectors(1, DIM, 5), 0);
    store(db, openVectorIndex(db, 'vss', towerRowId, DIM), photoIds.slice(0, 100), vectors.slice(0, 100));
    const vssHits = openVectorIndex(db, 'vss', towerRowId, DIM).search(query, 10);
    db.close();

    db = openDb();
    const vec = openVectorIndex(db, 'vec', towerRowId, DIM);
    expect(vec.count()).toBe(100);
    expect(vec.search(query, 10).map((hit) => hit.photoId)).toEqual(vssHits.map((hit) => hit.photoId));
    store(db, vec, photoIds.slice(100, 150), vectors.slice(100, 150)); // only the vec index hears of these
    db.close();

    db = openDb();
    const vss = openVectorIndex(db, 'vss', towerRowId, DIM);
    expect(vss.count()).toBe(150);
    expect(vss.search(at(vectors, 120), 1)[0]?.photoId).toBe(at(photoIds, 120));
  });
});

describe('transaction behaviour', () => {
  it('vec sees its own uncommitted writes', () => {
    const index = openVectorIndex(db, 'vec', towerRowId, DIM);
    db.transaction(() => {
      index.upsert([{ photoId: at(photoIds, 0), vector: at(vectors, 0) }]);
      expect(index.search(at(vectors, 0), 1)[0]?.photoId).toBe(at(photoIds, 0));
    });
  });

  it('vss refuses to search inside a transaction it has written in (faiss only sees writes at commit)', () => {
    const index = openVectorIndex(db, 'vss', towerRowId, DIM);
    db.transaction(() => {
      index.upsert([{ photoId: at(photoIds, 0), vector: at(vectors, 0) }]);
      expect(() => index.search(at(vectors, 0), 1)).toThrow(expect.objectContaining({ code: 'vector-index-uncommitted' }));
    });
    expect(index.search(at(vectors, 0), 1)[0]?.photoId).toBe(at(photoIds, 0));
    db.transaction(() => {
      expect(index.search(at(vectors, 0), 1)[0]?.photoId).toBe(at(photoIds, 0)); // a later transaction is not held to the earlier one's writes
    });
  });

  it('vss: damage from a rolled-back savepoint is repaired when the index is next opened', () => {
    const index = openVectorIndex(db, 'vss', towerRowId, DIM);
    const ghost = at(photoIds, 5);
    db.transaction(() => {
      store(db, index, photoIds.slice(0, 5), vectors.slice(0, 5));
      expect(() =>
        db.transaction(() => {
          index.upsert([{ photoId: ghost, vector: at(vectors, 5) }]);
          throw new Error('nested failure');
        }),
      ).toThrow('nested failure');
    });
    // sqlite-vss has no savepoint support: faiss kept the rolled-back row although SQL did not.
    expect(index.search(at(vectors, 5), 1)[0]?.photoId).toBe(ghost);
    expect(index.count()).toBe(5);

    const repaired = openVectorIndex(openDb(), 'vss', towerRowId, DIM);
    expect(repaired.search(at(vectors, 5), 10).map((hit) => hit.photoId)).not.toContain(ghost);
    expect(repaired.count()).toBe(5);
  });
});
