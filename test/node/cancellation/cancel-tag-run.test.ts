/**
 * Cancelling an auto-tag run (the window's cancelTagRun, Ctrl+C in `lumen tag run`): the run stops
 * before its next page of photos, says it was cancelled, and leaves the suggestions as they were.
 * A real TagService over a real library, with the word-axis encoder instead of a model.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TagRunState } from '../../../src-common/contract-organize';
import { LumenEventHub } from '../../../src-common/contract-events';
import { TagRunSession } from '../../../src-main/node/api/tag-run-session';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { discardingLogger } from '../../../src-main/node/logging/logger';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import { TagService } from '../../../src-main/node/tagging/tag-service';
import { vectorOf, WORD_AXES_DIM, WordAxisEncoder } from '../../support/word-axis-encoder';
import { makeTempDir, seededRandom, seedPhotos } from '../library/library-fixtures';

/** Several run pages (the service scores 500 photos per page), so there is a next page to skip. */
const PHOTOS = 2600;

describe('cancelling a tag run', () => {
  let cleanup: () => void;
  let db: LibraryDb;
  let tags: TagService;

  beforeEach(() => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    db = LibraryDb.open(temp.dir);
    const embeddings = new EmbeddingRepository(db);
    const towerRowId = embeddings.ensureImageTower('word-axes', 'word axes', WORD_AXES_DIM);
    const ids = seedPhotos(db, PHOTOS);
    // One photo in ten is red; every vector has a little noise, so the library's scores spread as real ones do.
    const random = seededRandom(7);
    const others = [['blue', 'circle'], ['green', 'square'], ['dog'], ['cat'], ['blue', 'star']];
    const noisy = (words: string[]): Float32Array => {
      const vector = vectorOf(words).map((x) => x + (random() - 0.5) * 0.3);
      const norm = Math.hypot(...vector);
      return vector.map((x) => x / norm);
    };
    db.transaction(() =>
      ids.forEach((id, i) => embeddings.putEmbedding(id, towerRowId, noisy(i % 10 === 0 ? ['red', 'star'] : (others[i % others.length] as string[])))),
    );
    tags = new TagService({
      db,
      tags: new TagRepository(db),
      photos: new PhotoRepository(db),
      embeddings,
      encoder: new WordAxisEncoder(),
      towerRowId,
      embedDim: WORD_AXES_DIM,
      scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'config' },
      keywords: new KeywordWriter(),
    });
    tags.addTag('red');
    // Standing suggestions from an earlier run, which a cancelled run must leave as they are.
    const repository = new TagRepository(db);
    repository.replaceSuggestions(
      repository.requireTag('red').id,
      ids,
      new Map([
        [ids[0] as number, 0.9],
        [ids[10] as number, 0.8],
        [ids[20] as number, 0.7],
      ]),
    );
  });

  afterEach(async () => {
    await tags.dispose();
    db.close();
    cleanup();
  });

  it('stops before the next page after the cancel, reports cancelled and keeps the earlier suggestions', async () => {
    const events = new LumenEventHub(() => {});
    const session = new TagRunSession(tags, discardingLogger, events);
    const before = tags.review('red');
    expect(before).toHaveLength(3);

    const seen: TagRunState[] = [];
    let doneAtCancel: number | null = null;
    const stop = events.listen('tagRunProgress', (state) => {
      seen.push(state);
      const done = state.progress?.done ?? 0;
      if (doneAtCancel === null && done > 0) {
        doneAtCancel = done;
        session.cancel();
      }
    });
    session.start({ tags: ['red'] });
    await session.idle();
    stop();

    const last = session.state();
    expect(doneAtCancel).not.toBeNull();
    expect(doneAtCancel).toBeLessThan(PHOTOS);
    // No page was scored after the cancel: progress never moved past where it was.
    expect(Math.max(...seen.map((s) => s.progress?.done ?? 0))).toBe(doneAtCancel);
    expect(last.running).toBe(false);
    expect(last.lastSummary).toMatchObject({ cancelled: true, photos: PHOTOS, suggested: {} });
    expect(tags.review('red')).toEqual(before);
  });
});
