/**
 * What the vectors cost on disk: the embeddings table (the source of truth) plus the IVF index
 * built from it, against the raw float32 bytes (count × dim × 4). The index holds compact codes and
 * re-scores from the embeddings, so it must not hold a second float32 copy.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { makeTempDir, seededRandom, seedPhotos } from './library-fixtures';

const DIM = 512;
const COUNT = 5000;
const RAW_BYTES = COUNT * DIM * 4;

let dir: string;
let cleanup: () => void;
let db: LibraryDb;

/** Bytes of the b-trees (tables and their SQL indexes) whose name matches, from SQLite's own page accounting. */
function bytesOf(nameLike: string): number {
  return db.connection.prepare<[string], number>("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ? ESCAPE '\\'").pluck().get(nameLike) as number;
}

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir());
  db = LibraryDb.open(dir);
  const embeddings = new EmbeddingRepository(db);
  const towerRowId = embeddings.ensureImageTower('tower', 'model', DIM);
  const ids = seedPhotos(db, COUNT);
  const random = seededRandom(3);
  const centres = Array.from({ length: 20 }, () => Float32Array.from({ length: DIM }, () => random() * 2 - 1));
  db.transaction(() =>
    ids.forEach((id) => {
      const centre = centres[Math.floor(random() * centres.length)] as Float32Array;
      embeddings.putEmbedding(
        id,
        towerRowId,
        centre.map((c) => c + 0.5 * (random() * 2 - 1)),
      );
    }),
  );
  const index = openVectorIndex(db, 'vec', towerRowId, DIM, {
    thresholds: { ivfAtOrAbove: 1000, exactBelow: 500, retrainGrowth: 2 },
    rebuildInBackground: false,
  });
  expect(index.kind).toBe('ivf');
  expect(index.count()).toBe(COUNT);
});
afterAll(() => {
  db.close();
  cleanup();
});

it('the IVF index keeps no float32 copy of the vectors: at most 0.2 × the raw vectors', () => {
  expect(bytesOf('ivf\\_tower\\_%') / RAW_BYTES).toBeLessThanOrEqual(0.2);
});

it('the whole vector store, embeddings plus index, takes at most 1.3 × the raw float32 vectors', () => {
  const store = bytesOf('embeddings') + bytesOf('embeddings\\_by\\_tower') + bytesOf('sqlite\\_autoindex\\_embeddings\\_%') + bytesOf('ivf\\_tower\\_%');
  expect(store / RAW_BYTES).toBeLessThanOrEqual(1.3);
});
