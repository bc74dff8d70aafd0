/**
 * SearchService through the ImageTextEncoder interface: a tiny deterministic encoder (one axis per
 * word) instead of a model in a worker process, over a real library and vector index. Fast, and the
 * expected ranking follows from the vectors by construction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { SearchService } from '../../../src-main/node/search/search-service';
import { WORD_AXES_DIM as DIM, vectorOf, WordAxisEncoder } from '../../support/word-axis-encoder';
import { makeTempDir, seedPhotos } from '../library/library-fixtures';

describe('SearchService through an ImageTextEncoder', () => {
  let cleanup: () => void;
  let db: LibraryDb;
  let encoder: WordAxisEncoder;
  let search: SearchService;
  let paths: Map<string, number>;
  const contents = ['red square', 'blue circle', 'green star', 'red circle', 'dog', 'cat'];

  beforeEach(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    db = LibraryDb.open(temp.dir);
    const photos = new PhotoRepository(db);
    const embeddings = new EmbeddingRepository(db);
    const towerRowId = embeddings.ensureImageTower('word-axes', 'word axes', DIM);
    const ids = seedPhotos(db, contents.length);
    const vectorIndex = openVectorIndex(db, 'vec', towerRowId, DIM);
    const items = ids.map((photoId, i) => ({ photoId, vector: vectorOf((contents[i] as string).split(' ')) }));
    db.transaction(() => {
      for (const { photoId, vector } of items) embeddings.putEmbedding(photoId, towerRowId, vector);
      vectorIndex.upsert(items);
    });
    paths = new Map(ids.map((id, i) => [`/photos/img-${i}.jpg`, id]));
    encoder = new WordAxisEncoder();
    search = new SearchService({
      db,
      photos,
      embeddings,
      vectorIndex,
      towerRowId,
      encoder,
      modelName: 'word axes',
      embedDim: DIM,
      scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'family-default' },
    });
  });

  afterEach(() => {
    db.close();
    cleanup();
  });

  it('ranks by the encoder’s text vector: the photo with both words first, then the two with one', async () => {
    const response = await search.search({ text: 'red circle', limit: 3 });
    expect(encoder.textsAsked).toEqual([['red circle']]);
    const [first, ...next] = response.hits.map((h) => h.path);
    expect(first).toBe('/photos/img-3.jpg');
    expect(next.sort()).toEqual(['/photos/img-0.jpg', '/photos/img-1.jpg']);
  });

  it('pushes away an unwanted word (-word): its vector is asked for too', async () => {
    const response = await search.search({ text: 'circle -blue', limit: 1 });
    expect(encoder.textsAsked).toEqual([['circle', 'blue']]);
    expect(response.hits[0]?.path).toBe('/photos/img-3.jpg');
  });

  it('searches by an example image outside the library through the encoder', async () => {
    const response = await search.search({ text: '', like: ['/outside/green-star.png'], limit: 1 });
    expect(encoder.textsAsked).toEqual([]);
    expect(response.hits[0]?.path).toBe('/photos/img-2.jpg');
    expect(paths.get(response.hits[0]?.path as string)).toBeDefined();
  });

  it('keeps photos without a capture date in a date-filtered search when asked, and only then', async () => {
    const ids = [...paths.values()];
    const date = db.prepare<[string | null, string | null, number]>('UPDATE photos SET taken_at = ?, taken_at_source = ? WHERE id = ?');
    const dateOf = (i: number): [string | null, string | null] =>
      i === 4 ? [null, null] : i === 5 ? ['2026-12-01T10:00:00', 'file-time'] : [`2023-06-0${i + 1}T10:00:00`, 'exif'];
    ids.forEach((id, i) => date.run(...dateOf(i), id));
    const june = { from: '2023-06-01', to: '2023-06-30' };
    const dated = await search.search({ text: 'dog cat', limit: 10, filters: june });
    expect(dated.hits.map((h) => h.path).sort()).toEqual(['/photos/img-0.jpg', '/photos/img-1.jpg', '/photos/img-2.jpg', '/photos/img-3.jpg']);
    const withUndated = await search.search({ text: 'dog cat', limit: 10, filters: { ...june, includeUndated: true } });
    expect(withUndated.hits.slice(0, 2).map((h) => [h.path, h.takenAtSource])).toEqual(
      expect.arrayContaining([
        ['/photos/img-4.jpg', null],
        ['/photos/img-5.jpg', 'file-time'],
      ]),
    );
    expect(withUndated.hits).toHaveLength(6);
  });
});
