/** What a complete scan may remove, on a real library database. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import type { VectorIndex } from '../../../src-main/node/library/vector/vector-index';
import { IndexWriter } from '../../../src-main/node/indexer/index-writer';
import { tempDir } from './indexer-fixtures';

let db: LibraryDb;
let photos: PhotoRepository;
let vectorIndex: VectorIndex;
let writer: IndexWriter;
let rootId: number;
const root = '/photos';

beforeAll(async () => {
  db = LibraryDb.open(await tempDir('writer-lib'));
  photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const towerRowId = embeddings.ensureImageTower('tower', 'test', 4);
  vectorIndex = openVectorIndex(db, 'vec', towerRowId, 4);
  writer = new IndexWriter({ db, photos, embeddings, vectorIndex, towerRowId });
  rootId = photos.upsertRoot(root);
  for (const path of ['a.jpg', 'locked/b.jpg', 'locked-not/c.jpg', 'gone/d.jpg']) {
    writer.queueOutcomes(rootId, [
      {
        ok: true,
        path: join(root, path),
        size: 1,
        mtimeMs: 1,
        contentHash: path,
        width: 1,
        height: 1,
        format: 'jpeg',
        takenAt: null,
        cameraMake: null,
        cameraModel: null,
        thumbnail: 'thumbnails/none.webp',
        embedding: new Float32Array([1, 0, 0, 0]),
      },
    ]);
  }
  writer.queueFailure(rootId, { path: join(root, 'gone/bad.jpg'), size: 1, mtimeMs: 1 }, 'broken');
  expect(writer.flush()).toMatchObject({ embedded: 4, failed: 1 });
});

afterAll(() => {
  vectorIndex?.dispose();
  db?.close();
});

describe('IndexWriter.removeUnseen', () => {
  it('removes photos, vectors and error rows not seen, but nothing inside folders the scan could not read', () => {
    const removed = writer.removeUnseen(rootId, new Set([join(root, 'a.jpg')]), [join(root, 'locked')]);
    expect(removed).toBe(2);
    expect(
      photos
        .listPhotoPathsInRoot(rootId)
        .map((p) => p.path)
        .sort(),
    ).toEqual([join(root, 'a.jpg'), join(root, 'locked/b.jpg')]);
    expect(vectorIndex.count()).toBe(2);
    expect(photos.listErrors()).toEqual([]);
  });
});
