/**
 * Content hashes recognise moved, renamed and duplicated photos (vectors reused, nothing
 * re-embedded; a moved photo keeps its id); a root that cannot be reached is marked offline, never emptied.
 */
import { copyFile, mkdir, rename, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { libraryCounts, openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

let services: LumenServices;
let photos: string;
let files: string[];

beforeAll(async () => {
  photos = await tempDir('moves');
  files = await writeShapePhotos(photos, 6, 11);
  services = await openLibrary(await tempDir('moves-lib'));
  const first = await services.indexer.indexFolders([photos]);
  expect(first).toMatchObject({ indexed: 6, reused: 0, failed: 0 });
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

function vectorAt(path: string): { id: number; vector: Float32Array | undefined } {
  const photo = services.photos.getPhotoByPath(path);
  if (!photo) throw new Error(`no photo at ${path}`);
  return { id: photo.id, vector: services.embeddings.getEmbedding(photo.id, services.towerRowId) };
}

describe('moved, renamed and duplicated photos', () => {
  it('keeps the photo (same id, same vector) when a file is renamed into another folder', async () => {
    const before = vectorAt(files[0] as string);
    await mkdir(join(photos, 'sorted'));
    const moved = join(photos, 'sorted', 'renamed.jpg');
    await rename(files[0] as string, moved);
    const summary = await services.indexer.indexFolders([photos]);
    expect(summary).toMatchObject({ indexed: 0, reused: 1, removed: 0, unchanged: 5 });
    const after = vectorAt(moved);
    expect(after.id).toBe(before.id);
    expect(after.vector).toEqual(before.vector);
    expect(services.photos.getPhotoByPath(files[0] as string)).toBeUndefined();
    files[0] = moved;
  });

  it('gives a duplicate its own photo row with the same vector, without embedding it', async () => {
    const copy = join(photos, 'copy of photo.jpg');
    await copyFile(files[1] as string, copy);
    const summary = await services.indexer.indexFolders([photos]);
    expect(summary).toMatchObject({ indexed: 0, reused: 1, removed: 0 });
    const original = vectorAt(files[1] as string);
    const duplicate = vectorAt(copy);
    expect(duplicate.id).not.toBe(original.id);
    expect(duplicate.vector).toEqual(original.vector);
    expect(
      services.vectorIndex
        .search(original.vector as Float32Array, 2)
        .map((hit) => hit.photoId)
        .sort(),
    ).toEqual([original.id, duplicate.id].sort());
  });

  it('does not re-embed a file whose mtime changed but whose bytes did not', async () => {
    await utimes(files[2] as string, new Date(), new Date(Date.now() + 60_000));
    const summary = await services.indexer.indexFolders([photos]);
    expect(summary).toMatchObject({ indexed: 0, reused: 1 });
  });

  it('re-embeds a file whose content changed', async () => {
    await copyFile(files[4] as string, files[3] as string);
    await writeShapePhotos(photos, 1, 99, 'fresh');
    const summary = await services.indexer.indexFolders([photos]);
    expect(summary).toMatchObject({ indexed: 1, reused: 1 });
    expect(vectorAt(files[3] as string).vector).toEqual(vectorAt(files[4] as string).vector);
    const counts = libraryCounts(services);
    expect(counts.embeddings).toBe(counts.photos);
    expect(counts.vectors).toBe(counts.photos);
  });
});

describe('offline folders', () => {
  let drive: string;
  let parked: string;

  beforeAll(async () => {
    drive = await tempDir('usb-drive');
    parked = `${drive}-unplugged`;
    await writeShapePhotos(drive, 3, 21);
    expect((await services.indexer.indexFolders([drive])).indexed).toBe(3);
  });

  function driveRoot(): { online: boolean; photos: number } {
    const root = services.photos.listRoots().find((r) => r.path === drive);
    if (!root) throw new Error('drive root missing');
    return { online: root.online, photos: services.photos.countPhotos(root.id) };
  }

  it('marks a vanished root offline and keeps its photos', async () => {
    await rename(drive, parked);
    const summary = await services.indexer.indexFolders([drive, photos]);
    expect(summary.offline).toEqual([drive]);
    expect(summary.removed).toBe(0);
    expect(driveRoot()).toEqual({ online: false, photos: 3 });
  });

  it('treats an empty mount point as offline too', async () => {
    await mkdir(drive);
    const summary = await services.indexer.indexFolders([drive]);
    expect(summary.offline).toEqual([drive]);
    expect(driveRoot()).toEqual({ online: false, photos: 3 });
    await rm(drive, { recursive: true });
  });

  it('comes back online with nothing re-embedded', async () => {
    await rename(parked, drive);
    const summary = await services.indexer.indexFolders([drive]);
    expect(summary).toMatchObject({ indexed: 0, reused: 0, unchanged: 3, removed: 0, offline: [] });
    expect(driveRoot()).toEqual({ online: true, photos: 3 });
  });

  it('does not steal photos of an offline root when the same content appears elsewhere', async () => {
    const [first] = services.photos.listPhotoPathsInRoot(services.photos.listRoots().find((r) => r.path === drive)?.id ?? -1);
    await copyFile(first?.path as string, join(photos, 'backup-copy.jpg'));
    await rename(drive, parked);
    await services.indexer.indexFolders([drive, photos]);
    expect(driveRoot()).toEqual({ online: false, photos: 3 });
    expect(services.photos.getPhotoByPath(first?.path as string)).toBeDefined();
    await rename(parked, drive);
  });
});
