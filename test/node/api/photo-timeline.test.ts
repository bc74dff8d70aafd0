/**
 * The grid's orders and its date headings on a real library database: capture time both ways (undated
 * last), file name, date added; the per-day counts follow the pages' order exactly, in a folder and
 * for a tag too; leads only, like the pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSort } from '../../../src-common/contract-browse';
import { PhotoBrowser } from '../../../src-main/node/api/photo-browser';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let browser: PhotoBrowser;
const ids = new Map<string, number>();

// name → capture time (null: undated), in the order they are added.
const HOLIDAY: Array<[string, string | null]> = [
  ['/trips/b-beach.jpg', '2024-07-14T18:30:05'],
  ['/trips/A-hill.jpg', '2024-07-14T09:00:00'],
  ['/trips/c-boat.jpg', '2024-07-02T12:00:00'],
  ['/trips/scan.jpg', null],
  ['/trips/d-snow.jpg', '2023-12-31T23:59:59'],
];
const HOME: Array<[string, string | null]> = [
  ['/home/e-cat.jpg', '2024-07-14T08:00:00'],
  ['/home/f-dog.jpg', '2025-01-01'],
];

beforeAll(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  const photos = new PhotoRepository(db);
  for (const [root, list] of [
    ['/trips', HOLIDAY],
    ['/home', HOME],
  ] as const) {
    const rootId = photos.upsertRoot(root);
    for (const [path, takenAt] of list) ids.set(path, photos.upsertPhoto(photoInput(rootId, path, { takenAt })));
  }
  // The RAW beside d-snow is part of it: never listed on its own, never counted.
  const raw = photos.upsertPhoto(photoInput(photos.upsertRoot('/trips'), '/trips/d-snow.dng', { takenAt: '2023-12-31T23:59:59' }));
  db.prepare<[number, number]>("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (?, ?, 'raw')").run(raw, ids.get('/trips/d-snow.jpg') ?? 0);
  const towerRowId = new EmbeddingRepository(db).ensureImageTower('tower-hash', 'test-model', 4);
  browser = new PhotoBrowser(db, photos, openVectorIndex(db, 'vec', towerRowId, 4));
  const tags = new TagRepository(db);
  const sea = tags.upsertTag('sea');
  tags.setDecision(
    ['/trips/b-beach.jpg', '/trips/c-boat.jpg', '/home/e-cat.jpg'].map((path) => ids.get(path) ?? 0),
    sea.id,
    'accepted',
    'manual',
  );
});

afterAll(() => {
  db.close();
  cleanup();
});

const names = (sort?: PhotoSort, extra: { folder?: string; tag?: string } = {}): string[] =>
  browser.page({ offset: 0, limit: 100, ...extra, ...(sort ? { sort } : {}) }).photos.map((p) => p.path.slice(p.path.lastIndexOf('/') + 1));

describe('the grid order', () => {
  it('is newest capture first by default, undated last, and oldest first when asked', () => {
    expect(names()).toEqual(['f-dog.jpg', 'b-beach.jpg', 'A-hill.jpg', 'e-cat.jpg', 'c-boat.jpg', 'd-snow.jpg', 'scan.jpg']);
    expect(names('taken-desc')).toEqual(names());
    expect(names('taken-asc')).toEqual(['d-snow.jpg', 'c-boat.jpg', 'e-cat.jpg', 'A-hill.jpg', 'b-beach.jpg', 'f-dog.jpg', 'scan.jpg']);
  });

  it('sorts by file name whatever the folder and the case, and by date added, newest first', () => {
    expect(names('name')).toEqual(['A-hill.jpg', 'b-beach.jpg', 'c-boat.jpg', 'd-snow.jpg', 'e-cat.jpg', 'f-dog.jpg', 'scan.jpg']);
    expect(names('added')).toEqual(['f-dog.jpg', 'e-cat.jpg', 'd-snow.jpg', 'scan.jpg', 'c-boat.jpg', 'A-hill.jpg', 'b-beach.jpg']);
  });

  it('pages through a sorted listing without gaps or overlaps', () => {
    const whole = browser.page({ offset: 0, limit: 100, sort: 'name' }).photos.map((p) => p.id);
    const paged = [0, 3, 6].flatMap((offset) => browser.page({ offset, limit: 3, sort: 'name' }).photos.map((p) => p.id));
    expect(paged).toEqual(whole);
    expect(browser.page({ offset: 3, limit: 3, sort: 'name' }).total).toBe(7);
  });
});

describe('photos per capture day', () => {
  it('counts each day in the order of the pages, undated last', () => {
    expect(browser.days({})).toEqual([
      { day: '2025-01-01', count: 1 },
      { day: '2024-07-14', count: 3 },
      { day: '2024-07-02', count: 1 },
      { day: '2023-12-31', count: 1 },
      { day: null, count: 1 },
    ]);
    expect(browser.days({ sort: 'taken-asc' }).map((d) => d.day)).toEqual(['2023-12-31', '2024-07-02', '2024-07-14', '2025-01-01', null]);
  });

  it('puts every photo of a page under its own day', () => {
    for (const sort of ['taken-desc', 'taken-asc'] as const) {
      const days = browser.days({ sort }).flatMap((d) => Array.from({ length: d.count }, () => d.day));
      const pageDays = browser.page({ offset: 0, limit: 100, sort }).photos.map((p) => p.takenAt?.slice(0, 10) ?? null);
      expect(pageDays).toEqual(days);
    }
  });

  it('counts one folder or one tag only, and nothing for orders that are not by date', () => {
    expect(browser.days({ folder: '/home' })).toEqual([
      { day: '2025-01-01', count: 1 },
      { day: '2024-07-14', count: 1 },
    ]);
    expect(browser.days({ tag: 'sea', sort: 'taken-asc' })).toEqual([
      { day: '2024-07-02', count: 1 },
      { day: '2024-07-14', count: 2 },
    ]);
    expect(names('taken-asc', { tag: 'sea' })).toEqual(['c-boat.jpg', 'e-cat.jpg', 'b-beach.jpg']);
    expect(browser.days({ sort: 'name' })).toEqual([]);
    expect(browser.days({ sort: 'added' })).toEqual([]);
  });

  it('refuses a folder that is not in the library', () => {
    expect(() => browser.days({ folder: '/elsewhere' })).toThrow(/not a folder of this library/);
  });
});
