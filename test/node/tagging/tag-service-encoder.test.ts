/**
 * TagService through the ImageTextEncoder interface: a tiny deterministic encoder (one axis per
 * word, test/support/word-axis-encoder.ts) over a real library, so a tag's scores follow from the
 * vectors by construction and the test needs no model.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import { TagService } from '../../../src-main/node/tagging/tag-service';
import { WORD_AXES_DIM, vectorOf, WordAxisEncoder } from '../../support/word-axis-encoder';
import { makeTempDir, seedPhotos } from '../library/library-fixtures';

describe('TagService through an ImageTextEncoder', () => {
  let cleanup: () => void;
  let db: LibraryDb;
  let encoder: WordAxisEncoder;
  let tags: TagService;
  let ids: number[];
  const contents = ['red square', 'red circle', 'red star', 'blue circle', 'green star', 'dog', 'cat', 'blue square'];

  beforeEach(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    db = LibraryDb.open(temp.dir);
    const photos = new PhotoRepository(db);
    const embeddings = new EmbeddingRepository(db);
    const towerRowId = embeddings.ensureImageTower('word-axes', 'word axes', WORD_AXES_DIM);
    ids = seedPhotos(db, contents.length);
    db.transaction(() => ids.forEach((photoId, i) => embeddings.putEmbedding(photoId, towerRowId, vectorOf((contents[i] as string).split(' ')))));
    encoder = new WordAxisEncoder();
    tags = new TagService({
      db,
      tags: new TagRepository(db),
      photos,
      embeddings,
      encoder,
      towerRowId,
      embedDim: WORD_AXES_DIM,
      scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'config' },
      keywords: new KeywordWriter(),
    });
  });

  afterEach(async () => {
    await tags.dispose();
    db.close();
    cleanup();
  });

  it('scores every photo showing the tag’s word above every photo that does not, from the encoder’s text vector', async () => {
    tags.addTag('red');
    const scores = await tags.probabilities('red', ids, { textOnly: true });
    expect(encoder.textsAsked.flat()).toContain('red');
    const red = ids.filter((_, i) => (contents[i] as string).startsWith('red')).map((id) => scores.get(id) as number);
    const others = ids.filter((_, i) => !(contents[i] as string).startsWith('red')).map((id) => scores.get(id) as number);
    expect(red).toHaveLength(3);
    expect(Math.min(...red)).toBeGreaterThan(Math.max(...others));
  });
});
