import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { DEFAULT_IVF_SEARCH, filteredSearchPlan, plannedProbeCount } from '../../../src-main/node/library/vector/ivf/ivf-index';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import type { VectorIndex } from '../../../src-main/node/library/vector/vector-index';
import { cosine, makeTempDir, seededRandom, seedPhotos } from './library-fixtures';

const DIM = 32;
const COUNT = 4000;
const QUERIES = 40;
/** Measured 1.0 on this data with the default tuning (8 of 63 lists probed); the floor catches a broken probe order, assignment or re-scoring. */
const RECALL_FLOOR = 0.9;

/** Unit-length-agnostic vectors around 40 centres, like embeddings of albums of similar photos. */
function clustered(count: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 40 }, () => Float32Array.from({ length: DIM }, gaussian));
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(random() * centres.length)] as Float32Array;
    return Float32Array.from(centre, (c) => c + 0.45 * gaussian());
  });
}

function exactTop(query: Float32Array, ids: readonly number[], vectors: readonly Float32Array[], k: number): number[] {
  return ids
    .map((photoId, i) => ({ photoId, similarity: cosine(query, vectors[i] as Float32Array) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
    .map((hit) => hit.photoId);
}

function recall(index: VectorIndex, queries: Float32Array[], ids: readonly number[], vectors: readonly Float32Array[], among?: ReadonlySet<number>): number {
  let found = 0;
  for (const query of queries) {
    const candidates = among ? ids.filter((id) => among.has(id)) : ids;
    const candidateVectors = among ? vectors.filter((_, i) => among.has(ids[i] as number)) : vectors;
    const expected = new Set(exactTop(query, candidates, candidateVectors, 10));
    found += index.search(query, 10, among ? { amongPhotoIds: among } : {}).filter((hit) => expected.has(hit.photoId)).length;
  }
  return found / (queries.length * 10);
}

describe('IVF index of 4-bit codes, re-scored from the embeddings (default tuning)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: LibraryDb;
  let index: VectorIndex;
  let ids: number[];
  const vectors = clustered(COUNT, 5);
  const queries = clustered(QUERIES, 5).map((q, i) => q.map((x, d) => x + 0.1 * Math.sin(i + d))); // same centres, new points

  // Built once: the tests only read it.
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir());
    db = LibraryDb.open(dir);
    const embeddings = new EmbeddingRepository(db);
    const towerRowId = embeddings.ensureImageTower('tower', 'model', DIM);
    ids = seedPhotos(db, COUNT);
    db.transaction(() => ids.forEach((id, i) => embeddings.putEmbedding(id, towerRowId, vectors[i] as Float32Array)));
    index = openVectorIndex(db, 'vec', towerRowId, DIM, { thresholds: { ivfAtOrAbove: 1000, exactBelow: 500, retrainGrowth: 2 } });
  });
  afterAll(() => {
    db.close();
    cleanup();
  });

  it('is chosen for a library above the threshold, trained, and finds ≥ the recall floor of the exact top 10', () => {
    expect(index.kind).toBe('ivf');
    const measured = recall(index, queries, ids, vectors);
    expect(measured).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  it('reports exact similarities for what it finds (re-scored from the stored embeddings)', () => {
    const query = queries[0] as Float32Array;
    for (const hit of index.search(query, 5)) {
      expect(hit.similarity).toBeCloseTo(cosine(query, vectors[ids.indexOf(hit.photoId)] as Float32Array), 5);
    }
  });

  it('keeps the recall floor on filtered searches, selective or broad, returning only candidates', () => {
    const folder = new Set(ids.filter((_, i) => i % 100 === 7)); // 1%: scored exactly
    const broad = new Set(ids.filter((_, i) => i % 3 === 0)); // 33%: probes skip the others
    expect(recall(index, queries, ids, vectors, folder)).toBe(1);
    expect(recall(index, queries, ids, vectors, broad)).toBeGreaterThanOrEqual(RECALL_FLOOR);
    for (const hit of index.search(queries[1] as Float32Array, 10, { amongPhotoIds: broad })) expect(broad.has(hit.photoId)).toBe(true);
  });
});

describe('probes per query', () => {
  it('probes 1/24 of the lists up to 21 probes, then holds until 1/48 is more (the 1M measurement), at least 8', () => {
    expect(plannedProbeCount(4, DEFAULT_IVF_SEARCH)).toBe(4);
    expect(plannedProbeCount(10, DEFAULT_IVF_SEARCH)).toBe(8);
    expect(plannedProbeCount(316, DEFAULT_IVF_SEARCH)).toBe(14); // 100k photos: as measured, 1/24
    expect(plannedProbeCount(500, DEFAULT_IVF_SEARCH)).toBe(21);
    expect(plannedProbeCount(1000, DEFAULT_IVF_SEARCH)).toBe(21); // 1M photos: as measured, 1/48
    expect(plannedProbeCount(2000, DEFAULT_IVF_SEARCH)).toBe(42);
    let previous = 0;
    for (let lists = 1; lists <= 5000; lists++) {
      const probes = plannedProbeCount(lists, DEFAULT_IVF_SEARCH);
      expect(probes).toBeGreaterThanOrEqual(previous);
      previous = probes;
    }
  });
});

describe('filtered search plan', () => {
  // The cases the search benchmark measures: a folder of 1% of the library, and smaller or larger filters.
  const at = (photos: number, candidates: number) => {
    const listCount = Math.round(Math.sqrt(photos));
    const plannedProbes = plannedProbeCount(listCount, DEFAULT_IVF_SEARCH) * DEFAULT_IVF_SEARCH.filteredProbeFactor;
    return filteredSearchPlan({ candidates, photos, listCount, plannedProbes, rescoreCount: DEFAULT_IVF_SEARCH.minRescore }, DEFAULT_IVF_SEARCH);
  };

  it('probes for a 1% folder of 100 000 photos instead of reading all 1000 embeddings, and scores a few hundred exactly', () => {
    expect(at(100_000, 1000)).toBe('probe');
    expect(at(100_000, 200)).toBe('exact');
  });

  it('scores more candidates exactly in a larger library, where a probe for them scans more photos', () => {
    expect(at(1_000_000, 1000)).toBe('exact');
    expect(at(1_000_000, 2000)).toBe('probe');
    expect(at(4000, 40)).toBe('exact');
  });

  it('never scores more than the exact limit of candidates exactly', () => {
    expect(at(100_000_000, DEFAULT_IVF_SEARCH.exactCandidateLimit + 1)).toBe('probe');
    expect(at(100_000_000, DEFAULT_IVF_SEARCH.exactCandidateLimit)).toBe('exact');
  });
});
