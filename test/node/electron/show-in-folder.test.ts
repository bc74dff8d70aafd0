/**
 * "Show in folder" on the desktop opens the file manager only on a library photo's file inside its
 * library folder: real files, a real symlink out of the folder and a real library database, through
 * the same path gate the media protocol uses. Electron's shell is the one thing stood in for.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showPhotoInFolder } from '../../../src-main/electron-main/show-in-folder';
import { LibraryFiles } from '../../../src-main/node/api/library-files';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository, type PhotoInput } from '../../../src-main/node/library/photo-repository';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';

let base: string;
let root: string;
let db: LibraryDb;
let files: LibraryFiles;
const ids: Record<string, number> = {};

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-show-in-folder-'));
  root = join(base, 'photos');
  await mkdir(join(root, 'trip'), { recursive: true });
  await mkdir(join(base, 'secret'));
  await writeFile(join(root, 'trip', 'beach.jpg'), 'jpeg bytes');
  await writeFile(join(base, 'secret', 'keys.jpg'), 'secret');
  await symlink(join(base, 'secret', 'keys.jpg'), join(root, 'link-out.jpg'));
  db = LibraryDb.open(join(base, 'library'));
  const photos = new PhotoRepository(db);
  const rootId = photos.upsertRoot(root);
  const photo = (path: string): PhotoInput => ({
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
    thumbnail: null,
  });
  ids['beach'] = photos.upsertPhoto(photo(join(root, 'trip', 'beach.jpg')));
  ids['outside'] = photos.upsertPhoto(photo(join(base, 'secret', 'keys.jpg')));
  ids['linkOut'] = photos.upsertPhoto(photo(join(root, 'link-out.jpg')));
  ids['gone'] = photos.upsertPhoto(photo(join(root, 'deleted.jpg')));
  files = new LibraryFiles(join(base, 'library'), photos, writePreviewCopy);
});

afterAll(async () => {
  db.close();
  await rm(base, { recursive: true, force: true });
});

async function reveal(photoId: unknown): Promise<{ shown: boolean; opened: string[] }> {
  const opened: string[] = [];
  const shown = await showPhotoInFolder(
    photoId,
    (kind, id) => files.resolve(kind, id),
    (path) => opened.push(path),
  );
  return { shown, opened };
}

describe('show in folder on the desktop', () => {
  it('opens the file manager on the photo’s file', async () => {
    expect(await reveal(ids['beach'])).toEqual({ shown: true, opened: [join(root, 'trip', 'beach.jpg')] });
  });

  it('opens nothing for a file outside its library folder, a symlink out of it, a file that is gone or an unknown photo', async () => {
    for (const id of [ids['outside'], ids['linkOut'], ids['gone'], 999_999]) expect(await reveal(id)).toEqual({ shown: false, opened: [] });
  });

  it('takes only a photo id from the window, never a path', async () => {
    for (const bad of [join(root, 'trip', 'beach.jpg'), '1', 0, -1, 1.5, null, { id: 1 }]) expect(await reveal(bad)).toEqual({ shown: false, opened: [] });
  });
});
