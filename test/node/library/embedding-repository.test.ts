import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { makeTempDir, randomVectors, seedPhotos } from './library-fixtures';

let dir: string;
let db: LibraryDb;
let embeddings: EmbeddingRepository;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  db = LibraryDb.open(dir);
  embeddings = new EmbeddingRepository(db);
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('image towers', () => {
  it('ensureImageTower returns one row per tower hash and follows a renamed model', () => {
    const id = embeddings.ensureImageTower('hash-a', 'model-a', 4);
    expect(embeddings.ensureImageTower('hash-a', 'model-a-renamed', 4)).toBe(id);
    expect(embeddings.ensureImageTower('hash-b', 'model-b', 8)).not.toBe(id);
    expect(embeddings.getImageTower(id)).toMatchObject({ id, towerId: 'hash-a', modelName: 'model-a-renamed', dim: 4 });
    expect(embeddings.findImageTower('hash-b')?.dim).toBe(8);
    expect(embeddings.findImageTower('nope')).toBeUndefined();
  });

  it('refuses the same tower hash with another dimension', () => {
    embeddings.ensureImageTower('hash-a', 'model', 4);
    expect(() => embeddings.ensureImageTower('hash-a', 'model', 5)).toThrow(expect.objectContaining({ code: 'image-tower-conflict' }));
  });
});

describe('embeddings', () => {
  it('stores the vector as raw float32 little-endian and reads it back exactly', () => {
    const [photoId] = seedPhotos(db, 1);
    if (photoId === undefined) throw new Error('seed failed');
    const tower = embeddings.ensureImageTower('t', 'm', 3);
    const vector = Float32Array.of(1.5, -0.1, 3e-7);

    embeddings.putEmbedding(photoId, tower, vector);

    const expected = Buffer.alloc(12);
    vector.forEach((value, i) => expected.writeFloatLE(value, i * 4));
    const blob = db.prepare('SELECT vector FROM embeddings').pluck().get() as Buffer;
    expect(blob.equals(expected)).toBe(true);
    expect(embeddings.getEmbedding(photoId, tower)).toEqual(vector);
    expect(embeddings.hasEmbedding(photoId, tower)).toBe(true);
    expect(embeddings.getEmbedding(photoId + 1, tower)).toBeUndefined();
    expect(embeddings.hasEmbedding(photoId + 1, tower)).toBe(false);
  });

  it('replaces a photo’s vector, keeps towers apart, and counts per tower', () => {
    const [a, b] = seedPhotos(db, 2);
    if (a === undefined || b === undefined) throw new Error('seed failed');
    const small = embeddings.ensureImageTower('small', 'm', 2);
    const large = embeddings.ensureImageTower('large', 'm', 3);
    embeddings.putEmbedding(a, small, Float32Array.of(1, 2));
    embeddings.putEmbedding(a, small, Float32Array.of(3, 4));
    embeddings.putEmbedding(b, small, Float32Array.of(5, 6));
    embeddings.putEmbedding(a, large, Float32Array.of(7, 8, 9));

    expect(embeddings.getEmbedding(a, small)).toEqual(Float32Array.of(3, 4));
    expect(embeddings.countEmbeddings(small)).toBe(2);
    expect(embeddings.countEmbeddings(large)).toBe(1);
  });

  it('refuses a vector of the wrong dimension and an unknown tower', () => {
    const [photoId] = seedPhotos(db, 1);
    if (photoId === undefined) throw new Error('seed failed');
    const tower = embeddings.ensureImageTower('t', 'm', 3);
    expect(() => embeddings.putEmbedding(photoId, tower, Float32Array.of(1, 2))).toThrow(LumenFailure);
    expect(() => embeddings.putEmbedding(photoId, tower, Float32Array.of(1, 2))).toThrow(/3-dimensional/);
    expect(() => embeddings.putEmbedding(photoId, tower + 100, Float32Array.of(1, 2, 3))).toThrow(expect.objectContaining({ code: 'unknown-image-tower' }));
    expect(embeddings.countEmbeddings(tower)).toBe(0);
  });

  it('deleting a photo deletes its embeddings', () => {
    const [photoId] = seedPhotos(db, 1);
    if (photoId === undefined) throw new Error('seed failed');
    const tower = embeddings.ensureImageTower('t', 'm', 2);
    embeddings.putEmbedding(photoId, tower, Float32Array.of(1, 2));
    new PhotoRepository(db).deletePhoto(photoId);
    expect(embeddings.countEmbeddings(tower)).toBe(0);
  });

  it('iterates every embedding of a tower across pages, in photo order, while the caller writes', () => {
    const ids = seedPhotos(db, 1100); // more than two pages
    const tower = embeddings.ensureImageTower('t', 'm', 4);
    const other = embeddings.ensureImageTower('other', 'm', 4);
    const vectors = randomVectors(ids.length, 4, 7);
    db.transaction(() => ids.forEach((id, i) => embeddings.putEmbedding(id, tower, vectors[i] ?? new Float32Array(4))));
    embeddings.putEmbedding(ids[0] ?? 0, other, Float32Array.of(9, 9, 9, 9));

    const seen: number[] = [];
    for (const { photoId, vector } of embeddings.iterateEmbeddings(tower)) {
      expect(vector).toEqual(vectors[ids.indexOf(photoId)]);
      db.connection.exec(`INSERT INTO settings (key, value) VALUES ('seen-${photoId}', '1')`); // the connection is not held busy
      seen.push(photoId);
    }
    expect(seen).toEqual(ids);
  });
});
