/**
 * Favourites, ratings and display rotations on a real library database: kept per photo, changed for
 * a selection without touching the other marks, gone when cleared or with the photo; the grid's
 * listing filters on them and counts its days the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoBrowser } from '../../../src-main/node/api/photo-browser';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { NO_MARKS, PhotoMarksRepository } from '../../../src-main/node/library/photo-marks-repository';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { photoTagNames } from '../../../src-main/node/tagging/photo-tag-names';
import { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let marks: PhotoMarksRepository;
let browser: PhotoBrowser;
let ids: number[];

beforeAll(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  const photos = new PhotoRepository(db);
  const rootId = photos.upsertRoot('/p');
  const days = ['2024-07-14T10:00:00', '2024-07-14T09:00:00', '2024-07-02T10:00:00', '2023-01-01T10:00:00'];
  ids = days.map((takenAt, i) => photos.upsertPhoto(photoInput(rootId, `/p/${i}.jpg`, { takenAt })));
  marks = new PhotoMarksRepository(db);
  const towerRowId = new EmbeddingRepository(db).ensureImageTower('tower-hash', 'test-model', 4);
  browser = new PhotoBrowser(db, photos, openVectorIndex(db, 'vec', towerRowId, 4));
});

afterAll(() => {
  db.close();
  cleanup();
});

const photo = (i: number) => (): number => ids[i] ?? 0;
const [a, b, c, d] = [photo(0), photo(1), photo(2), photo(3)];

describe('photo marks', () => {
  it('are none until set, and each change leaves the other marks as they were', () => {
    expect(marks.marksOf([a()])).toEqual(new Map([[a(), NO_MARKS]]));
    marks.change([a(), b()], { favourite: true });
    marks.change([a()], { rating: 4 });
    marks.change([b()], { rotation: 90 });
    expect([...marks.marksOf([a(), b(), c()]).values()]).toEqual([
      { favourite: true, rating: 4, rotation: 0 },
      { favourite: true, rating: 0, rotation: 90 },
      NO_MARKS,
    ]);
  });

  it('drops a photo’s row once nothing is marked, and skips ids that are not photos', () => {
    marks.change([b()], { favourite: false, rotation: 0 });
    expect(db.prepare<[number], number>('SELECT count(*) FROM photo_marks WHERE photo_id = ?').pluck().get(b())).toBe(0);
    marks.change([999_999], { favourite: true });
    expect(marks.missing([a(), 999_999])).toEqual([999_999]);
    expect(db.prepare<[], number>('SELECT count(*) FROM photo_marks WHERE photo_id = 999999').pluck().get()).toBe(0);
  });

  it('filter the grid to favourites or a least rating, pages and days alike', () => {
    marks.change([c(), d()], { favourite: true, rating: 2 });
    marks.change([c()], { rating: 5 });
    const listed = (request: { favourites?: true; minRating?: number }): number[] => browser.page({ offset: 0, limit: 10, ...request }).photos.map((p) => p.id);
    expect(listed({ favourites: true })).toEqual([a(), c(), d()]);
    expect(listed({ minRating: 4 })).toEqual([a(), c()]);
    expect(listed({ favourites: true, minRating: 5 })).toEqual([c()]);
    expect(browser.page({ offset: 0, limit: 10, minRating: 2 }).total).toBe(3);
    expect(browser.days({ favourites: true })).toEqual([
      { day: '2024-07-14', count: 1 },
      { day: '2024-07-02', count: 1 },
      { day: '2023-01-01', count: 1 },
    ]);
  });

  it('come with the names of the tags a photo has, accepted only, alphabetically', () => {
    const tags = new TagRepository(db);
    const [sea, boat, dog] = ['sea', 'Boat', 'dog'].map((name) => tags.upsertTag(name).id);
    tags.setDecision([b()], sea ?? 0, 'accepted', 'manual');
    tags.setDecision([b()], boat ?? 0, 'accepted', 'auto');
    tags.setDecision([b()], dog ?? 0, 'rejected', 'manual');
    expect(photoTagNames(db, b())).toEqual(['Boat', 'sea']);
    expect(photoTagNames(db, c())).toEqual([]);
  });

  it('go with their photo', () => {
    db.prepare<[number]>('DELETE FROM photos WHERE id = ?').run(a());
    expect(db.prepare<[number], number>('SELECT count(*) FROM photo_marks WHERE photo_id = ?').pluck().get(a())).toBe(0);
  });
});
