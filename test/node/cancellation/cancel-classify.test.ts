/**
 * Cancelling a classify batch (a window that went away, Ctrl+C in `lumen classify`): it stops
 * between two encoder calls, answers `cancelled`, and moves no file, since filing only begins once
 * every photo is planned. A real ClassifyService, journal and file mover over files on disk, with
 * the word-axis encoder instead of a model.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import type { ImageSource, ImageVectorOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import { CategoryRepository } from '../../../src-main/node/classify/category-repository';
import { ClassifyService } from '../../../src-main/node/classify/classify-service';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { EMBED_CHUNK } from '../../../src-main/node/classify/photo-vectors';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { WORD_AXES_DIM, WordAxisEncoder } from '../../support/word-axis-encoder';
import { makeTempDir } from '../library/library-fixtures';

/** The word-axis encoder, cancelling the batch's token as its first image call returns. */
class CancellingEncoder extends WordAxisEncoder {
  imageCalls = 0;
  imagesEmbedded = 0;

  constructor(private readonly cancellation: CancellationTokenSource) {
    super();
  }

  override async embedImages(images: ImageSource[]): Promise<ImageVectorOutcome[]> {
    const outcomes = await super.embedImages(images);
    this.imageCalls++;
    this.imagesEmbedded += images.length;
    this.cancellation.cancel();
    return outcomes;
  }
}

describe('cancelling a classify batch', () => {
  let cleanup: () => void;
  let db: LibraryDb;
  let dir: string;

  beforeEach(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    dir = temp.dir;
    db = LibraryDb.open(join(dir, 'library'));
  });

  afterEach(() => {
    db.close();
    cleanup();
  });

  it('stops after the encoder call in flight, answers cancelled and moves nothing', async () => {
    const cancellation = new CancellationTokenSource();
    const encoder = new CancellingEncoder(cancellation);
    const embeddings = new EmbeddingRepository(db);
    const journal = new FileJournal(db);
    const classify = new ClassifyService({
      categories: new CategoryRepository(db),
      photos: new PhotoRepository(db),
      embeddings,
      encoder,
      towerRowId: embeddings.ensureImageTower('word-axes', 'word axes', WORD_AXES_DIM),
      embedDim: WORD_AXES_DIM,
      scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'config' },
      mover: new FileMover(journal),
    });
    const sorted = join(dir, 'sorted');
    mkdirSync(join(sorted, 'red'), { recursive: true });
    mkdirSync(join(sorted, 'blue'), { recursive: true });
    await classify.defineCategory('colours', { name: 'red', folder: join(sorted, 'red') });
    await classify.defineCategory('colours', { name: 'blue', folder: join(sorted, 'blue') });
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const files = Array.from({ length: EMBED_CHUNK * 4 }, (_, i) => join(inbox, `${i % 2 === 0 ? 'red' : 'blue'}-square-${i}.png`));
    for (const file of files) writeFileSync(file, 'not read by the word-axis encoder');

    const outcome = await classify.classify({ into: 'colours', files, action: 'move' }, cancellation.token).catch((error: unknown) => error);

    expect(outcome).toBeInstanceOf(LumenFailure);
    expect((outcome as LumenFailure).code).toBe('cancelled');
    expect((outcome as LumenFailure).message).toMatch(/before any photo was copied or moved/);
    // Only the call in flight when the cancel came was made; the other chunks were never sent.
    expect(encoder.imageCalls).toBe(1);
    expect(encoder.imagesEmbedded).toBe(EMBED_CHUNK);
    expect(files.every((file) => existsSync(file))).toBe(true);
    expect(readdirSync(join(sorted, 'red'))).toEqual([]);
    expect(readdirSync(join(sorted, 'blue'))).toEqual([]);
    expect(journal.lastOpenBatch()).toBeUndefined();
  });

  it('without a cancel files the whole batch (the same setup is not cancelled by itself)', async () => {
    const embeddings = new EmbeddingRepository(db);
    const classify = new ClassifyService({
      categories: new CategoryRepository(db),
      photos: new PhotoRepository(db),
      embeddings,
      encoder: new WordAxisEncoder(),
      towerRowId: embeddings.ensureImageTower('word-axes', 'word axes', WORD_AXES_DIM),
      embedDim: WORD_AXES_DIM,
      scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'config' },
      mover: new FileMover(new FileJournal(db)),
    });
    const sorted = join(dir, 'sorted');
    mkdirSync(join(sorted, 'red'), { recursive: true });
    mkdirSync(join(sorted, 'blue'), { recursive: true });
    await classify.defineCategory('colours', { name: 'red', folder: join(sorted, 'red') });
    await classify.defineCategory('colours', { name: 'blue', folder: join(sorted, 'blue') });
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const files = Array.from({ length: EMBED_CHUNK * 2 }, (_, i) => join(inbox, `${i % 2 === 0 ? 'red' : 'blue'}-square-${i}.png`));
    for (const file of files) writeFileSync(file, 'not read by the word-axis encoder');
    const response = await classify.classify({ into: 'colours', files, action: 'move' });
    expect(response.batchId).not.toBeNull();
    expect(readdirSync(join(sorted, 'red'))).toHaveLength(EMBED_CHUNK);
    expect(readdirSync(join(sorted, 'blue'))).toHaveLength(EMBED_CHUNK);
  });
});
