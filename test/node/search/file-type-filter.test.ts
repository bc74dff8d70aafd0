/** `--type` on a real library database: each name people type finds the formats it means, and only those. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { buildPhotoFilter } from '../../../src-main/node/search/photo-filter';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;

function found(fileTypes: string[]): string[] {
  const filter = buildPhotoFilter(db, { filters: { fileTypes } });
  if (!filter) throw new Error('a type filter narrows the search');
  return db.prepare<[Record<string, string>], string>(`SELECT path FROM photos WHERE ${filter.where} ORDER BY path`).pluck().all(filter.params);
}

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  const photos = new PhotoRepository(db);
  const root = photos.upsertRoot('/p');
  const add = (path: string, format: string): void => void photos.upsertPhoto(photoInput(root, path, { format }));
  add('/p/IMG_0001.HEIC', 'heic');
  add('/p/new.avif', 'avif');
  // Indexed before HEIC could be decoded: libvips named AVIF 'heif', and no HEIC ever got a row.
  add('/p/old.avif', 'heif');
  add('/p/photo.jpg', 'jpeg');
  add('/p/DSC_0001.NEF', 'nef');
  add('/p/IMG_0002.CR3', 'cr3');
  add('/p/scan.bmp', 'bmp');
  add('/p/art.jxl', 'jxl');
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('file type filter', () => {
  it('heic (and .hif) finds HEIC only, never AVIF', () => {
    expect(found(['heic'])).toEqual(['/p/IMG_0001.HEIC']);
    expect(found(['.HIF'])).toEqual(['/p/IMG_0001.HEIC']);
  });

  it('avif finds AVIF, including rows recorded as heif before', () => {
    expect(found(['avif'])).toEqual(['/p/new.avif', '/p/old.avif']);
  });

  it('heif finds the whole family', () => {
    expect(found(['heif'])).toEqual(['/p/IMG_0001.HEIC', '/p/new.avif', '/p/old.avif']);
  });

  it('raw finds every camera RAW format; a RAW extension finds its own', () => {
    expect(found(['raw'])).toEqual(['/p/DSC_0001.NEF', '/p/IMG_0002.CR3']);
    expect(found(['NEF'])).toEqual(['/p/DSC_0001.NEF']);
  });

  it('video finds every video container; mp4 finds its own', () => {
    const photos = new PhotoRepository(db);
    const root = photos.upsertRoot('/p');
    photos.upsertPhoto(photoInput(root, '/p/clip.mp4', { format: 'mp4' }));
    photos.upsertPhoto(photoInput(root, '/p/IMG_0003.MOV', { format: 'mov' }));
    expect(found(['video'])).toEqual(['/p/IMG_0003.MOV', '/p/clip.mp4']);
    expect(found(['MP4'])).toEqual(['/p/clip.mp4']);
  });

  it('jfif is JPEG; bmp and jxl are themselves', () => {
    expect(found(['jfif'])).toEqual(['/p/photo.jpg']);
    expect(found(['bmp', 'jxl'])).toEqual(['/p/art.jxl', '/p/scan.bmp']);
  });
});
