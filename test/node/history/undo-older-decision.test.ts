/**
 * Undoing an older tag decision from the History panel, over a real library database: the photos
 * decided again since keep their newer decision (as a folder's decisions put back by undo do), and
 * the sentence says so; the others go back to what they were before the older decision.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import { HistoryJournal } from '../../../src-main/node/history/history-journal';
import { HistoryService } from '../../../src-main/node/history/history-service';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import { TagService } from '../../../src-main/node/tagging/tag-service';
import { WORD_AXES_DIM, WordAxisEncoder } from '../../support/word-axis-encoder';
import { makeTempDir, seedPhotos } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let tags: TagService;
let history: HistoryService;
let ids: number[];

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(join(temp.dir, 'library'));
  const journal = new HistoryJournal(db);
  const photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const tagRows = new TagRepository(db);
  tags = new TagService({
    db,
    tags: tagRows,
    photos,
    embeddings,
    encoder: new WordAxisEncoder(),
    towerRowId: embeddings.ensureImageTower('word-axes', 'word axes', WORD_AXES_DIM),
    embedDim: WORD_AXES_DIM,
    scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'config' },
    keywords: new KeywordWriter(),
    history: journal,
  });
  const files = new FileJournal(db);
  history = new HistoryService({
    db,
    journal,
    files,
    undo: new UndoService(files),
    folders: { isLibraryFolder: () => false, isBeingIndexed: () => false, add: () => Promise.resolve(), remove: () => undefined },
  });
  ids = seedPhotos(db, 3);
  tags.addTag('sea');
  const tag = tagRows.requireTag('sea');
  tagRows.replaceSuggestions(tag.id, ids, new Map(ids.map((id, i) => [id, 0.9 - i / 10])));
});

afterEach(async () => {
  await tags.dispose();
  db.close();
  cleanup();
});

const states = (): string[] => db.prepare<[], string>('SELECT state FROM photo_tags ORDER BY photo_id').pluck().all();

describe('undoing an older tag decision', () => {
  it('leaves a photo decided again since with its newer decision, and puts the others back', async () => {
    tags.decideAllSuggestions('sea', 'accepted');
    const accepted = history.list()[0];
    tags.decide('sea', [ids[0] as number], 'rejected');
    expect(states()).toEqual(['rejected', 'accepted', 'accepted']);

    const undone = await history.undo(accepted?.id);
    expect(states()).toEqual(['rejected', 'suggested', 'suggested']);
    expect(undone.sentence).toBe('Took back the decision on “sea” for 2 photos. 1 photo decided again since kept its newer decision.');
  });

  it('leaves a photo decided since a cleared decision with that decision', async () => {
    tags.decide('sea', [ids[0] as number, ids[1] as number], 'accepted');
    tags.clearDecision('sea', [ids[0] as number, ids[1] as number]);
    const cleared = history.list()[0];
    tags.decide('sea', [ids[1] as number], 'rejected');

    const undone = await history.undo(cleared?.id);
    expect(states()).toEqual(['accepted', 'rejected', 'suggested']);
    expect(undone.sentence).toBe('Took back the decision on “sea” for 1 photo. 1 photo decided again since kept its newer decision.');
  });
});
