/**
 * Favourites, stars and turns given to photos are in the history: one entry per change however many
 * photos it covered, undone through the same undo as every other change, each photo getting back
 * its own marks from before; refused with a reason once a photo is gone or was marked again since.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_LENGTH } from '../../../src-common/contract-history';
import { PhotoMarksRepository } from '../../../src-main/node/library/photo-marks-repository';
import { PhotoMarksService } from '../../../src-main/node/library/photo-marks-service';
import { makeTempDir, seedPhotos } from '../library/library-fixtures';
import { closeHistoryLibrary, openHistoryLibrary, type HistoryLibrary } from './history-fixtures';

let cleanup: () => void;
let library: HistoryLibrary;
let marks: PhotoMarksService;
let ids: number[];
const heard: string[] = [];

beforeEach(() => {
  let dir: string;
  ({ dir, cleanup } = makeTempDir());
  heard.length = 0;
  library = openHistoryLibrary(dir);
  library.journal.onDidChange((reason) => heard.push(reason));
  marks = new PhotoMarksService({ marks: new PhotoMarksRepository(library.db), history: library.journal });
  ids = seedPhotos(library.db, 4);
});

afterEach(async () => {
  await closeHistoryLibrary(library);
  cleanup();
});

const ratings = (): number[] => marks.marksOf(ids).map((photo) => photo.rating);

describe('marks in the history', () => {
  it('records starring a selection as one entry and undo gives each photo back its own stars', async () => {
    marks.change({ photos: [ids[0] ?? 0], rating: 2 });
    marks.change({ photos: [ids[1] ?? 0], rating: 5 });
    marks.change({ photos: [ids[1] ?? 0], favourite: true });
    expect(ratings()).toEqual([2, 5, 0, 0]);

    marks.change({ photos: ids, rating: 4 });
    expect(ratings()).toEqual([4, 4, 4, 4]);
    const [entry] = library.history.list();
    expect(entry).toMatchObject({ kind: 'photo-marks', description: 'Rated 4 photos 4 stars.', undoneAt: null });
    expect(entry?.cannotUndo).toBeUndefined();

    const undone = await library.history.undo();
    expect(undone.sentence).toBe('Gave 4 photos back the stars they had before.');
    expect(ratings()).toEqual([2, 5, 0, 0]);
    // Only the stars: the favourite given before stays.
    expect(marks.marksOf([ids[1] ?? 0])).toEqual([{ photoId: ids[1], favourite: true, rating: 5, rotation: 0 }]);
    expect(undone.marks?.map((photo) => photo.rating)).toEqual([2, 5, 0, 0]);
    expect(heard.filter((reason) => reason === 'undone')).toHaveLength(1);
    // Photos that lost all their marks lose their row, as if never marked.
    expect(library.db.prepare('SELECT count(*) FROM photo_marks').pluck().get()).toBe(2);
  });

  it('keeps only the photos a change altered, so undo and its title name those', async () => {
    marks.change({ photos: [ids[0] ?? 0, ids[1] ?? 0], favourite: true });
    marks.change({ photos: ids, favourite: true });
    expect(library.history.list()[0]).toMatchObject({ description: 'Marked 2 photos as favourites.' });
    await library.history.undo();
    expect(marks.marksOf(ids).map((photo) => photo.favourite)).toEqual([true, true, false, false]);
  });

  it('records nothing when no photo changed, so Ctrl+Z takes back the change before', async () => {
    marks.change({ photos: [ids[0] ?? 0], rotation: 90 });
    marks.change({ photos: [ids[0] ?? 0], rotation: 90 });
    expect(library.history.list().map((entry) => entry.description)).toEqual(['Turned 1 photo to 90°.']);
    expect((await library.history.undo()).sentence).toBe('Gave 1 photo back the turn it had before.');
    expect(marks.marksOf([ids[0] ?? 0])[0]?.rotation).toBe(0);
  });

  it('says why and stops when a photo was marked again since, or left the library', async () => {
    marks.change({ photos: ids, rating: 3 });
    marks.change({ photos: [ids[2] ?? 0], favourite: true });
    marks.change({ photos: [ids[2] ?? 0], rating: 1 });
    await library.history.undo();
    // The rating of one of them was changed again since (that change is undone, its favourite still stands).
    const [rated] = library.history.list().filter((entry) => entry.description === 'Rated 4 photos 3 stars.');
    expect(rated?.cannotUndo).toBeUndefined();
    marks.change({ photos: [ids[3] ?? 0], rating: 5 });
    await library.history.undo();
    marks.change({ photos: [ids[0] ?? 0, ids[1] ?? 0], rating: 0 });
    const refused = library.history.list().find((entry) => entry.description === 'Rated 4 photos 3 stars.');
    expect(refused?.cannotUndo).toBe('2 of its 4 photos were marked differently since');
    await expect(library.history.undo(refused?.id)).rejects.toMatchObject({
      code: 'cannot-undo',
      message: '“Rated 4 photos 3 stars.” can no longer be undone: 2 of its 4 photos were marked differently since.',
    });
    expect(ratings()).toEqual([0, 0, 3, 3]);

    library.db.prepare('DELETE FROM photos WHERE id = ?').run(ids[3]);
    marks.change({ photos: [ids[2] ?? 0], favourite: false });
    library.db.prepare('DELETE FROM photos WHERE id = ?').run(ids[2]);
    await expect(library.history.undo()).rejects.toMatchObject({
      message: '“Took 1 photo out of the favourites.” can no longer be undone: the photo is no longer in the library.',
    });
  });

  it('keeps a change of marks among the newest entries only', () => {
    for (let i = 0; i < HISTORY_LENGTH; i++) marks.change({ photos: [ids[0] ?? 0], rating: (i % 5) + 1 });
    marks.change({ photos: ids, favourite: true });
    const entries = library.history.list();
    expect(entries).toHaveLength(HISTORY_LENGTH);
    expect(entries[0]).toMatchObject({ kind: 'photo-marks', description: 'Marked 4 photos as favourites.' });
  });
});
