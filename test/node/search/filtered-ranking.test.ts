/**
 * The ranking planner on a real library database with 6,000 photos and random vectors: every
 * strategy must return exactly the brute-force top hits under the filter, and the work done
 * (vectors compared) must be bounded by the candidates or the index, never the whole library
 * scanned in JS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import type { VectorIndex } from '../../../src-main/node/library/vector/vector-index';
import { FilteredRanking } from '../../../src-main/node/search/filtered-ranking';
import { buildPhotoFilter } from '../../../src-main/node/search/photo-filter';
import { cosine, makeTempDir, photoInput, randomVectors } from '../library/library-fixtures';

const DIM = 16;
const COUNT = 6000;
let cleanup: () => void;
let db: LibraryDb;
let index: VectorIndex;
let towerRowId: number;
const vectors = randomVectors(COUNT, DIM, 42);
const meta: Array<{ id: number; folder: string; format: string; takenAt: string }> = [];

beforeAll(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  const photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  towerRowId = embeddings.ensureImageTower('tower', 'test', DIM);
  index = openVectorIndex(db, 'vec', towerRowId, DIM);
  const rootId = photos.upsertRoot('/lib');
  db.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      // 1 in 100 photos is under /lib/rare: a selective filter. Half are png: a broad one.
      const folder = i % 100 === 0 ? '/lib/rare' : `/lib/common/${i % 7}`;
      const format = i % 2 === 0 ? 'png' : 'jpeg';
      const takenAt = `2024-${String((i % 12) + 1).padStart(2, '0')}-15T12:00:00`;
      const id = photos.upsertPhoto(photoInput(rootId, `${folder}/p${i}.jpg`, { format, takenAt }));
      embeddings.putEmbedding(id, towerRowId, vectors[i] as Float32Array);
      meta.push({ id, folder, format, takenAt });
    }
    index.upsert(meta.map((m, i) => ({ photoId: m.id, vector: vectors[i] as Float32Array })));
  });
});
afterAll(() => {
  index.dispose();
  db.close();
  cleanup();
});

function bruteForce(query: Float32Array, keep: (i: number) => boolean, want: number): number[] {
  return meta
    .map((m, i) => ({ id: m.id, score: cosine(query, vectors[i] as Float32Array), keep: keep(i) }))
    .filter((entry) => entry.keep)
    .sort((a, b) => b.score - a.score)
    .slice(0, want)
    .map((entry) => entry.id);
}

describe('FilteredRanking', () => {
  const query = randomVectors(1, DIM, 7)[0] as Float32Array;
  const unitQuery = query.map((v) => v / Math.hypot(...query));

  it('uses the index alone without a filter', () => {
    const { ranked, plan } = new FilteredRanking(db, index, towerRowId).rank(unitQuery, null, 20);
    expect(plan.strategy).toBe('index');
    expect(ranked.map((r) => r.photoId)).toEqual(bruteForce(query, () => true, 20));
  });

  it('scores only the candidates of a selective filter (folder, recursive)', () => {
    const filter = buildPhotoFilter(db, { filters: { folders: ['/lib/rare'] } });
    const { ranked, plan } = new FilteredRanking(db, index, towerRowId).rank(unitQuery, filter, 10);
    expect(plan).toEqual({ strategy: 'candidates-first', candidates: COUNT / 100, vectorsCompared: COUNT / 100 });
    expect(ranked.map((r) => r.photoId)).toEqual(bruteForce(query, (i) => meta[i]?.folder === '/lib/rare', 10));
    ranked.forEach((r) => expect(r.score).toBeCloseTo(cosine(query, vectors[meta.findIndex((m) => m.id === r.photoId)] as Float32Array), 5));
  });

  it('lets the index answer a broad filter and drops what fails it', () => {
    const filter = buildPhotoFilter(db, { filters: { fileTypes: ['PNG'] } });
    const ranking = new FilteredRanking(db, index, towerRowId, { candidatesFirstLimit: 100 });
    const { ranked, plan } = ranking.rank(unitQuery, filter, 25);
    expect(plan.strategy).toBe('index-then-filter');
    expect(plan.candidates).toBe(COUNT / 2);
    expect(ranked.map((r) => r.photoId)).toEqual(bruteForce(query, (i) => meta[i]?.format === 'png', 25));
  });

  it('falls back to an exact scan when the index cannot return enough that pass', () => {
    // 60 candidates, candidates-first limit below that, and more wanted than the index's 4096 would yield.
    const filter = buildPhotoFilter(db, { filters: { folders: ['/lib/rare'] } });
    const ranking = new FilteredRanking(db, index, towerRowId, { candidatesFirstLimit: 10 });
    const { ranked, plan } = ranking.rank(unitQuery, filter, 60);
    expect(plan.strategy).toBe('exact-scan');
    expect(ranked.map((r) => r.photoId)).toEqual(bruteForce(query, (i) => meta[i]?.folder === '/lib/rare', 60));
  });

  it('combines filters: folder ∧ type ∧ date range (inclusive of the whole last day)', () => {
    const filter = buildPhotoFilter(db, { filters: { folders: ['/lib/common'], fileTypes: ['jpg'], from: '2024-03-15', to: '2024-05-15' } });
    const { ranked } = new FilteredRanking(db, index, towerRowId).rank(unitQuery, filter, 1000);
    const expected = bruteForce(
      query,
      (i) =>
        meta[i]?.folder.startsWith('/lib/common/') === true &&
        meta[i]?.format === 'jpeg' &&
        (meta[i]?.takenAt ?? '') >= '2024-03' &&
        (meta[i]?.takenAt ?? '') < '2024-06',
      1000,
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(ranked.map((r) => r.photoId)).toEqual(expected);
  });
});
