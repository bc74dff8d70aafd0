/**
 * Undoing an older tag decision from the History panel, over a real library database: the photos
 * decided again since keep their newer decision (as a folder's decisions put back by undo do), and
 * the sentence says so; the others go back to what they were before the older decision.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryService } from '../../../src-main/node/history/history-service';
import type { LibraryDb } from '../../../src-main/node/library/library-db';
import type { TagService } from '../../../src-main/node/tagging/tag-service';
import { makeTempDir } from '../library/library-fixtures';
import { closeHistoryLibrary, openHistoryLibrary, seedSeaSuggestions, type HistoryLibrary } from './history-fixtures';

let cleanup: () => void;
let library: HistoryLibrary;
let db: LibraryDb;
let tags: TagService;
let history: HistoryService;
let ids: number[];

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  library = openHistoryLibrary(temp.dir);
  ({ db, tags, history } = library);
  ids = seedSeaSuggestions(library, 3);
});

afterEach(async () => {
  await closeHistoryLibrary(library);
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
