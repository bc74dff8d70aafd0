/**
 * SearchService through the ImageTextEncoder interface: a tiny deterministic encoder (one axis per
 * word) instead of a model in a worker process, over a real library and vector index. Fast, and the
 * expected ranking follows from the vectors by construction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageSource, ImageVectorOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import type { ImageTextEncoder } from '../../../src-main/node/inference/image-text-encoder';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { SearchService } from '../../../src-main/node/search/search-service';
import { makeTempDir, seedPhotos } from '../library/library-fixtures';

const WORDS = ['red', 'blue', 'green', 'square', 'circle', 'star', 'dog', 'cat'];
const DIM = WORDS.length;

/** The unit vector of the words' axes (unknown words add nothing). */
function vectorOf(words: readonly string[]): Float32Array {
  const vector = new Float32Array(DIM);
  for (const word of words) {
    const axis = WORDS.indexOf(word);
    if (axis >= 0) vector[axis] = (vector[axis] as number) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

/** One axis per word; an image "path" names its words (`/outside/red-star.png`). Records what it was asked. */
class WordAxisEncoder implements ImageTextEncoder {
  readonly textsAsked: string[][] = [];

  embedTexts(texts: string[]): Promise<Float32Array[]> {
    this.textsAsked.push(texts);
    return Promise.resolve(texts.map((text) => vectorOf(text.toLowerCase().split(/\s+/))));
  }

  embedImages(images: ImageSource[]): Promise<ImageVectorOutcome[]> {
    return Promise.resolve(
      images.map((image): ImageVectorOutcome => {
        if (!('path' in image)) return { ok: false, reason: 'no bytes in this encoder' };
        const name = image.path.split('/').pop()?.replace(/\.\w+$/, '') ?? '';
        return { ok: true, vector: vectorOf(name.split('-')) };
      }),
    );
  }
}

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
    search = new SearchService({ db, photos, embeddings, vectorIndex, towerRowId, encoder, modelName: 'word axes', embedDim: DIM });
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
});
