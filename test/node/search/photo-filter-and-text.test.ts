/** Filters and the full-text index on a real library database: what each filter lets through, and that triggers keep photo_text current. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { buildPhotoFilter, type PhotoFilter } from '../../../src-main/node/search/photo-filter';
import { anyWordQuery, matchPhotoText } from '../../../src-main/node/search/text-match';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let photos: PhotoRepository;
const ids = new Map<string, number>();

function passing(filter: PhotoFilter | null): string[] {
  if (!filter) return [...ids.keys()].sort();
  return db.prepare<[Record<string, string>], string>(`SELECT path FROM photos WHERE ${filter.where} ORDER BY path`).pluck().all(filter.params);
}

function addTag(photoId: number, name: string, state: 'accepted' | 'rejected' | 'suggested' = 'accepted'): void {
  const tagId = db
    .prepare<[string], number>("INSERT INTO tags (name, created_at) VALUES (?, 'now') ON CONFLICT (name) DO UPDATE SET name = name RETURNING id")
    .pluck()
    .get(name) as number;
  db.prepare<[number, number, string]>("INSERT INTO photo_tags (photo_id, tag_id, state, source, updated_at) VALUES (?, ?, ?, 'manual', 'now')").run(
    photoId,
    tagId,
    state,
  );
}

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  photos = new PhotoRepository(db);
  const home = photos.upsertRoot('/home/ann/Pictures');
  const drive = photos.upsertRoot('/media/usb');
  const add = (rootId: number, path: string, overrides: Parameters<typeof photoInput>[2] = {}) =>
    ids.set(path, photos.upsertPhoto(photoInput(rootId, path, overrides)));
  ids.clear();
  add(home, '/home/ann/Pictures/Beach 2023/sunset_at-sea.jpg', {
    takenAt: '2023-07-14T18:30:05',
    cameraMake: 'Apple',
    cameraModel: 'iPhone 12',
    format: 'jpeg',
  });
  add(home, '/home/ann/Pictures/Beach 2023/kids/IMG_0001.HEIC', {
    takenAt: '2023-07-15T09:00:00',
    cameraMake: 'Apple',
    cameraModel: 'iPhone 12',
    format: 'heic',
  });
  add(home, '/home/ann/Pictures/Beach 2023b/other.png', { takenAt: '2023-07-16T00:00:00', cameraMake: null, cameraModel: null, format: 'png' });
  add(home, '/home/ann/Pictures/mountains/peak.jpg', { takenAt: null, cameraMake: 'Canon', cameraModel: 'EOS R5', format: 'jpeg' });
  add(drive, '/media/usb/old/scan.tif', { takenAt: '1999-01-01T00:00:00', format: 'tiff', cameraMake: 'Epson', cameraModel: 'Perfection V600' });
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('buildPhotoFilter', () => {
  it('is null when nothing narrows the search', () => {
    expect(buildPhotoFilter(db, { filters: {} })).toBeNull();
  });

  it('takes a folder recursively, and not its sibling with a longer name', () => {
    expect(passing(buildPhotoFilter(db, { filters: { folders: ['/home/ann/Pictures/Beach 2023/'] } }))).toEqual([
      '/home/ann/Pictures/Beach 2023/kids/IMG_0001.HEIC',
      '/home/ann/Pictures/Beach 2023/sunset_at-sea.jpg',
    ]);
  });

  it('takes date ranges inclusive of whole days, leaving undated photos out', () => {
    expect(passing(buildPhotoFilter(db, { filters: { from: '2023-07-14', to: '2023-07-15' } }))).toEqual([
      '/home/ann/Pictures/Beach 2023/kids/IMG_0001.HEIC',
      '/home/ann/Pictures/Beach 2023/sunset_at-sea.jpg',
    ]);
    expect(passing(buildPhotoFilter(db, { filters: { from: '2023-07-14T19:00' } }))).toHaveLength(2);
  });

  it('matches cameras by make or model words, any case', () => {
    expect(passing(buildPhotoFilter(db, { filters: { cameras: ['iphone 12'] } }))).toHaveLength(2);
    expect(passing(buildPhotoFilter(db, { filters: { cameras: ['canon', 'nikon'] } }))).toEqual(['/home/ann/Pictures/mountains/peak.jpg']);
  });

  it('maps file-name types to decoder formats', () => {
    expect(passing(buildPhotoFilter(db, { filters: { fileTypes: ['HEIC', '.tif'] } }))).toEqual([
      '/home/ann/Pictures/Beach 2023/kids/IMG_0001.HEIC',
      '/media/usb/old/scan.tif',
    ]);
  });

  it('requires every accepted tag asked for (rejected and suggested tags do not count)', () => {
    addTag(ids.get('/home/ann/Pictures/mountains/peak.jpg') ?? 0, 'Snow');
    addTag(ids.get('/home/ann/Pictures/mountains/peak.jpg') ?? 0, 'hiking');
    addTag(ids.get('/media/usb/old/scan.tif') ?? 0, 'snow', 'suggested');
    expect(passing(buildPhotoFilter(db, { filters: { tags: ['snow'] } }))).toEqual(['/home/ann/Pictures/mountains/peak.jpg']);
    expect(passing(buildPhotoFilter(db, { filters: { tags: ['snow', 'beach'] } }))).toEqual([]);
  });

  it('leaves out photos of offline folders unless asked', () => {
    const drive = photos.listRoots().find((root) => root.path === '/media/usb');
    photos.setRootOnline(drive?.id ?? 0, false);
    expect(passing(buildPhotoFilter(db, { filters: {} }))).not.toContain('/media/usb/old/scan.tif');
    expect(passing(buildPhotoFilter(db, { filters: { includeOffline: true } }))).toContain('/media/usb/old/scan.tif');
  });
});

describe('full-text index on names, folders and tags', () => {
  const find = (words: string[]) => {
    const query = anyWordQuery(words);
    if (!query) return [];
    const found = new Set(matchPhotoText(db, query, null, 100));
    return [...ids].filter(([, id]) => found.has(id)).map(([path]) => path);
  };

  it('finds words of folder and file names, split at separators, any case', () => {
    expect(find(['beach'])).toHaveLength(3);
    expect(find(['2023'])).toHaveLength(2); // "2023b" is another word
    expect(find(['sea'])).toEqual(['/home/ann/Pictures/Beach 2023/sunset_at-sea.jpg']);
    expect(find(['kids'])).toEqual(['/home/ann/Pictures/Beach 2023/kids/IMG_0001.HEIC']);
  });

  it('follows tags as they are accepted, renamed and removed, and photos as they are deleted', () => {
    const peak = ids.get('/home/ann/Pictures/mountains/peak.jpg') ?? 0;
    addTag(peak, 'alpine');
    expect(find(['alpine'])).toEqual(['/home/ann/Pictures/mountains/peak.jpg']);
    db.prepare("UPDATE tags SET name = 'alps' WHERE name = 'alpine'").run();
    expect(find(['alpine'])).toEqual([]);
    expect(find(['alps'])).toEqual(['/home/ann/Pictures/mountains/peak.jpg']);
    db.prepare("UPDATE photo_tags SET state = 'rejected'").run();
    expect(find(['alps'])).toEqual([]);
    photos.deletePhoto(peak);
    expect(find(['mountains'])).toEqual([]);
  });

  it('excludes photos whose names match negative words', () => {
    const filter = buildPhotoFilter(db, { filters: {}, excludeTextMatch: anyWordQuery(['kids']) ?? undefined });
    expect(passing(filter)).not.toContain('/home/ann/Pictures/Beach 2023/kids/IMG_0001.HEIC');
    expect(passing(filter)).toHaveLength(4);
  });
});
