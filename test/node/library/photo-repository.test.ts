import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { makeTempDir, photoInput } from './library-fixtures';

let db: LibraryDb;
let photos: PhotoRepository;
let cleanup: () => void;

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  photos = new PhotoRepository(db);
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('roots', () => {
  it('upsertRoot returns the same id for the same path and marks it online again', () => {
    const id = photos.upsertRoot('/a');
    photos.setRootOnline(id, false);
    expect(photos.listRoots()[0]?.online).toBe(false);

    expect(photos.upsertRoot('/a')).toBe(id);
    expect(photos.upsertRoot('/b')).not.toBe(id);
    const roots = photos.listRoots();
    expect(roots.map((r) => [r.path, r.online, r.lastScanAt])).toEqual([
      ['/a', true, null],
      ['/b', true, null],
    ]);
    expect(roots[0]?.addedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('markRootScanned stamps the scan', () => {
    const id = photos.upsertRoot('/a');
    photos.markRootScanned(id);
    expect(photos.listRoots()[0]?.lastScanAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('photos', () => {
  it('upsertPhoto inserts, then updates in place by path, keeping the id', () => {
    const rootId = photos.upsertRoot('/p');
    const id = photos.upsertPhoto(photoInput(rootId, '/p/a.jpg'));
    const again = photos.upsertPhoto(photoInput(rootId, '/p/a.jpg', { size: 99, takenAt: null, cameraMake: null, width: 10 }));

    expect(again).toBe(id);
    expect(photos.countPhotos()).toBe(1);
    const stored = photos.getPhotoByPath('/p/a.jpg');
    expect(stored).toMatchObject({ id, rootId, size: 99, takenAt: null, cameraMake: null, width: 10, height: 480, mtimeMs: 1_700_000_000_000.5 });
    expect(stored?.indexedAt).toMatch(/^\d{4}-/);
    expect(photos.getPhotoByPath('/p/missing.jpg')).toBeUndefined();
  });

  it('getPhotos returns the asked-for photos in the asked-for order and skips unknown ids', () => {
    const rootId = photos.upsertRoot('/p');
    const [a, b, c] = ['a', 'b', 'c'].map((name) => photos.upsertPhoto(photoInput(rootId, `/p/${name}.jpg`)));
    if (a === undefined || b === undefined || c === undefined) throw new Error('seed failed');

    expect(photos.getPhotos([c, 12345, a]).map((p) => p.path)).toEqual(['/p/c.jpg', '/p/a.jpg']);
    expect(photos.getPhotos([])).toEqual([]);
    expect(photos.getPhotos([b])[0]).toEqual(photos.getPhotoByPath('/p/b.jpg'));
  });

  it('counts per root, lists a root, and deletes', () => {
    const first = photos.upsertRoot('/one');
    const second = photos.upsertRoot('/two');
    const keep = photos.upsertPhoto(photoInput(first, '/one/a.jpg'));
    const gone = photos.upsertPhoto(photoInput(first, '/one/b.jpg'));
    photos.upsertPhoto(photoInput(second, '/two/c.jpg'));

    expect(photos.countPhotos(first)).toBe(2);
    expect(photos.countPhotos(second)).toBe(1);
    photos.deletePhoto(gone);
    expect(photos.listPhotoPathsInRoot(first)).toEqual([{ id: keep, path: '/one/a.jpg' }]);
    expect(photos.countPhotos()).toBe(2);
  });
});

describe('errors', () => {
  it('records the reason for an unreadable file, replaces it on a second failure, and clears it', () => {
    const rootId = photos.upsertRoot('/p');
    photos.recordError({ path: '/p/bad.jpg', rootId, size: 3, mtimeMs: 4, reason: 'truncated JPEG' });
    photos.recordError({ path: '/p/bad.jpg', rootId, size: 5, mtimeMs: 6, reason: 'unsupported format' });
    photos.recordError({ path: '/p/also-bad.png', rootId, size: 1, mtimeMs: 1, reason: 'permission denied' });

    expect(photos.countErrors()).toBe(2);
    expect(photos.getError('/p/bad.jpg')).toMatchObject({ rootId, size: 5, mtimeMs: 6, reason: 'unsupported format' });
    expect(photos.listErrors().map((e) => [e.path, e.reason])).toEqual([
      ['/p/also-bad.png', 'permission denied'],
      ['/p/bad.jpg', 'unsupported format'],
    ]);
    expect(photos.listErrors()[0]?.failedAt).toMatch(/^\d{4}-/);

    photos.clearError('/p/bad.jpg');
    expect(photos.getError('/p/bad.jpg')).toBeUndefined();
    expect(photos.countErrors()).toBe(1);
  });
});
