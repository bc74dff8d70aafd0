/**
 * A query's background: its cosines with an evenly spread sample of the library, read from the
 * database once and kept until the library has grown or shrunk, on a real library database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { QueryBackground } from '../../../src-main/node/search/query-background';
import { unit } from '../../../src-main/node/search/vector-math';
import { cosine, makeTempDir, photoInput, randomVectors } from '../library/library-fixtures';

const DIM = 8;
let cleanup: () => void;
let db: LibraryDb;
let photos: PhotoRepository;
let embeddings: EmbeddingRepository;
let towerRowId: number;
let rootId: number;
const vectors = randomVectors(3000, DIM, 7).map(unit);
const ids: number[] = [];

function addPhotos(from: number, to: number): void {
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const id = photos.upsertPhoto(photoInput(rootId, `/lib/p${i}.jpg`));
      embeddings.putEmbedding(id, towerRowId, vectors[i] as Float32Array);
      ids[i] = id;
    }
  });
}

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  photos = new PhotoRepository(db);
  embeddings = new EmbeddingRepository(db);
  towerRowId = embeddings.ensureImageTower('tower', 'test', DIM);
  rootId = photos.upsertRoot('/lib');
});
afterEach(() => {
  db.close();
  cleanup();
});

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('QueryBackground', () => {
  it('gives the cosines of every photo of a small library, and none for an empty one', () => {
    const background = new QueryBackground(db, towerRowId);
    const query = vectors[2999] as Float32Array;
    expect(background.scores(query)).toEqual([]);
    addPhotos(0, 200);
    const expected = vectors.slice(0, 200).map((vector) => cosine(query, vector));
    const scores = background.scores(query);
    expect(scores).toHaveLength(200);
    sorted(scores).forEach((score, i) => expect(score).toBeCloseTo(sorted(expected)[i] as number, 5));
  });

  it('samples at most 1024 photos of a larger library, spread over it', () => {
    addPhotos(0, 2500);
    const scores = new QueryBackground(db, towerRowId).scores(vectors[0] as Float32Array);
    expect(scores).toHaveLength(1024);
    // The first photo is in the sample: its cosine with itself is 1.
    expect(Math.max(...scores)).toBeCloseTo(1, 5);
  });

  it('keeps its sample while the library is unchanged, and draws again once it has grown by an eighth or lost photos', () => {
    addPhotos(0, 1600);
    const background = new QueryBackground(db, towerRowId);
    const query = vectors[2999] as Float32Array;
    const first = background.scores(query);
    // Changing a sampled photo's vector directly does not show: the sample was read once.
    embeddings.putEmbedding(ids[0] as number, towerRowId, vectors[2999] as Float32Array);
    expect(background.scores(query)).toEqual(first);
    // A few more photos (well under an eighth): the same sample.
    addPhotos(1600, 1700);
    expect(background.scores(query)).toEqual(first);
    // Past an eighth: drawn again, and the changed vector now counts (a cosine of 1 with the query).
    addPhotos(1700, 1900);
    const grown = background.scores(query);
    expect(grown).not.toEqual(first);
    expect(Math.max(...grown)).toBeCloseTo(1, 5);
    // The first photo gone: drawn again from what is left.
    db.connection.prepare('DELETE FROM embeddings WHERE photo_id = ?').run(ids[0]);
    expect(Math.max(...background.scores(query))).toBeLessThan(0.999);
  });
});
