/** The one path gate for photos and thumbnails, on real files, real symlinks and a real library database. */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileInsideRoot, LibraryFiles, parseMediaKind, parsePhotoId } from '../../../src-main/node/api/library-files';
import { isInside } from '../../../src-main/node/library/path-inside';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository, type PhotoInput } from '../../../src-main/node/library/photo-repository';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';

let base: string;
let root: string;
let outside: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-paths-'));
  root = join(base, 'photos');
  outside = join(base, 'secret');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'a.jpg'), 'jpeg bytes');
  await writeFile(join(root, 'sub', 'b.png'), 'png bytes');
  await writeFile(join(outside, 'passwd'), 'secret');
  await symlink(join(outside, 'passwd'), join(root, 'link-out.jpg'));
  await symlink(join(root, 'a.jpg'), join(root, 'sub', 'link-in.jpg'));
  await symlink(outside, join(root, 'dir-link'));
});

describe('isInside', () => {
  it('accepts the root and paths below it, and nothing beside or above', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d.jpg')).toBe(true);
    expect(isInside('/a/b', '/a/bc/d.jpg')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/etc/passwd')).toBe(false);
  });
});

describe('fileInsideRoot', () => {
  it('returns the real path of a regular file inside the root', async () => {
    expect(await fileInsideRoot(root, 'a.jpg')).toBe(join(root, 'a.jpg'));
    expect(await fileInsideRoot(root, join(root, 'sub', 'b.png'))).toBe(join(root, 'sub', 'b.png'));
  });

  it('follows a symlink that stays inside the root', async () => {
    expect(await fileInsideRoot(root, 'sub/link-in.jpg')).toBe(join(root, 'a.jpg'));
  });

  it('rejects traversal, symlinks out of the root, folders, missing files and NUL bytes', async () => {
    expect(await fileInsideRoot(root, '../secret/passwd')).toBeNull();
    expect(await fileInsideRoot(root, 'sub/../../secret/passwd')).toBeNull();
    expect(await fileInsideRoot(root, join(outside, 'passwd'))).toBeNull();
    expect(await fileInsideRoot(root, 'link-out.jpg')).toBeNull();
    expect(await fileInsideRoot(root, 'dir-link/passwd')).toBeNull();
    expect(await fileInsideRoot(root, 'sub')).toBeNull();
    expect(await fileInsideRoot(root, 'nope.jpg')).toBeNull();
    expect(await fileInsideRoot(root, 'a.jpg\0.png')).toBeNull();
  });
});

describe('media address parts', () => {
  it('accepts only plain positive ids and known kinds', () => {
    expect(parsePhotoId('42')).toBe(42);
    for (const bad of ['0', '-1', '01', '1.5', '1e3', '', '../1', '9'.repeat(17), '%31']) expect(parsePhotoId(bad)).toBeNull();
    expect(parseMediaKind('photo')).toBe('photo');
    expect(parseMediaKind('thumbnail')).toBe('thumbnail');
    expect(parseMediaKind('database')).toBeNull();
  });
});

describe('LibraryFiles', () => {
  let db: LibraryDb;
  let files: LibraryFiles;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const libraryDir = join(base, 'library');
    db = LibraryDb.open(libraryDir);
    const photos = new PhotoRepository(db);
    const rootId = photos.upsertRoot(root);
    await mkdir(join(libraryDir, 'thumbnails', 'ab'), { recursive: true });
    await writeFile(join(libraryDir, 'thumbnails', 'ab', 'abc.webp'), 'webp bytes');
    await writeFile(join(libraryDir, 'lumen-secret.txt'), 'not a thumbnail');
    const photo = (path: string, thumbnail: string | null): PhotoInput => ({
      rootId,
      path,
      size: 1,
      mtimeMs: 1,
      contentHash: path,
      width: 1,
      height: 1,
      format: 'jpeg',
      takenAt: null,
      cameraMake: null,
      cameraModel: null,
      thumbnail,
    });
    ids['good'] = photos.upsertPhoto(photo(join(root, 'a.jpg'), 'thumbnails/ab/abc.webp'));
    // Rows a corrupted or hostile database could hold: the gate must not trust them.
    ids['escaping'] = photos.upsertPhoto(photo(join(outside, 'passwd'), '../lumen-secret.txt'));
    ids['linkOut'] = photos.upsertPhoto(photo(join(root, 'link-out.jpg'), 'thumbnails/../lumen-secret.txt'));
    ids['absoluteThumb'] = photos.upsertPhoto(photo(join(root, 'sub', 'b.png'), join(libraryDir, 'lumen-secret.txt')));
    files = new LibraryFiles(libraryDir, photos, writePreviewCopy);
  });

  afterAll(() => db.close());

  it('serves a library photo and its thumbnail by id', async () => {
    expect(await files.resolve('photo', ids['good'] ?? 0)).toBe(join(root, 'a.jpg'));
    expect(await files.resolve('thumbnail', ids['good'] ?? 0)).toMatch(/thumbnails\/ab\/abc\.webp$/);
  });

  it('refuses unknown ids, files outside their root and thumbnails outside the thumbnails folder', async () => {
    await expect(files.resolve('photo', 999_999)).rejects.toMatchObject({ code: 'not-found' });
    await expect(files.resolve('photo', ids['escaping'] ?? 0)).rejects.toMatchObject({ code: 'not-found' });
    await expect(files.resolve('thumbnail', ids['escaping'] ?? 0)).rejects.toMatchObject({ code: 'not-found' });
    await expect(files.resolve('photo', ids['linkOut'] ?? 0)).rejects.toMatchObject({ code: 'not-found' });
    await expect(files.resolve('thumbnail', ids['linkOut'] ?? 0)).rejects.toMatchObject({ code: 'not-found' });
    await expect(files.resolve('thumbnail', ids['absoluteThumb'] ?? 0)).rejects.toMatchObject({ code: 'not-found' });
  });
});
