/**
 * A subfolder whose name starts with two dots ("..old") is a subfolder like any other, over a real
 * library database: the folder tree shows it with its photos, and the grid can be narrowed to it.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderTree } from '../../../src-main/node/api/folder-tree';
import { rootOrSubfolder } from '../../../src-main/node/api/photo-listing';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let photos: PhotoRepository;
const root = '/photos';

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(join(temp.dir, 'library'));
  photos = new PhotoRepository(db);
  const rootId = photos.upsertRoot(root);
  photos.upsertPhoto(photoInput(rootId, '/photos/..old/a.jpg'));
  photos.upsertPhoto(photoInput(rootId, '/photos/..old/trip/b.jpg'));
  photos.upsertPhoto(photoInput(rootId, '/photos/c.jpg'));
});

afterEach(() => {
  db.close();
  cleanup();
});

describe('a subfolder named with two leading dots', () => {
  it('is in the folder tree with its photos', () => {
    const [top] = folderTree(db, photos);
    expect(top?.photos).toBe(3);
    expect(top?.children.map((node) => ({ name: node.name, photos: node.photos, children: node.children.map((child) => child.name) }))).toEqual([
      { name: '..old', photos: 2, children: ['trip'] },
    ]);
  });

  it('narrows the grid like any subfolder, while a folder beside the library folder is refused', () => {
    expect(rootOrSubfolder(photos, '/photos/..old')).toMatchObject({ subfolder: '/photos/..old' });
    expect(() => rootOrSubfolder(photos, '/photos-elsewhere')).toThrow(/is not a folder of this library/);
    expect(() => rootOrSubfolder(photos, '/photos/../etc')).toThrow(/is not a folder of this library/);
  });
});
