/**
 * Every row of the folder tree counts what the grid lists when that folder is chosen, over a real
 * library database with pairs and copies recorded by the indexer's own pairing: a RAW beside its
 * JPEG is one photo, the same bytes twice in one library folder are one photo, and a backup folder
 * holding the same bytes as another library folder lists (and counts) its own copies.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderTree } from '../../../src-main/node/api/folder-tree';
import { photoListing } from '../../../src-main/node/api/photo-listing';
import type { FolderNode } from '../../../src-common/contract-library-views';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoPairs } from '../../../src-main/node/library/photo-pairs';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let photos: PhotoRepository;

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(join(temp.dir, 'library'));
  photos = new PhotoRepository(db);
  const main = photos.upsertRoot('/photos');
  const backup = photos.upsertRoot('/backup');
  photos.upsertPhoto(photoInput(main, '/photos/2024/beach.jpg', { contentHash: 'beach' }));
  photos.upsertPhoto(photoInput(main, '/photos/2024/IMG_1.jpg'));
  photos.upsertPhoto(photoInput(main, '/photos/2024/IMG_1.cr2', { format: 'cr2' }));
  // Classify-and-copy left the same bytes in a category subfolder of the same library folder.
  photos.upsertPhoto(photoInput(main, '/photos/Sorted/Beach/beach.jpg', { contentHash: 'beach' }));
  photos.upsertPhoto(photoInput(main, '/photos/cat.jpg'));
  // A backup of the beach in another library folder, and a photo of its own.
  photos.upsertPhoto(photoInput(backup, '/backup/Old/beach.jpg', { contentHash: 'beach' }));
  photos.upsertPhoto(photoInput(backup, '/backup/dog.jpg'));
  const pairs = new PhotoPairs(db);
  pairs.refreshRoot(main);
  pairs.refreshRoot(backup);
});

afterEach(() => {
  db.close();
  cleanup();
});

/** What the grid lists with this folder chosen (the count the grid's heading shows). */
function gridCount(folder: string): number {
  const { where, params } = photoListing(db, photos, { folder });
  return db.prepare<[typeof params], number>(`SELECT count(*) FROM photos WHERE ${where}`).pluck().get(params) ?? 0;
}

function rows(nodes: readonly FolderNode[]): FolderNode[] {
  return nodes.flatMap((node) => [node, ...rows(node.children)]);
}

describe('the folder tree counts', () => {
  it('are, for every row, what the grid lists when that folder is chosen', () => {
    const tree = folderTree(db, photos);
    const counts = Object.fromEntries(rows(tree).map((node) => [node.path, node.photos]));
    const grid = Object.fromEntries(rows(tree).map((node) => [node.path, gridCount(node.path)]));
    expect(counts).toEqual(grid);
    // The backup's copy of the beach is in its grid, so its row counts it.
    expect(counts['/backup']).toBe(2);
    expect(counts['/backup/Old']).toBe(1);
    // The RAW is part of its JPEG; the copy in Sorted is the beach of 2024, shown there.
    expect(counts['/photos']).toBe(3);
    expect(counts['/photos/2024']).toBe(2);
  });
});
