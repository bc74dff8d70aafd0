/**
 * `lumen index` of a folder inside a library folder: the library folder around it already owns its
 * photos, so a second library folder would list "0 photos", and photos indexed through it later
 * would belong to it and stay behind as offline ghosts once deleted. The library folder around it is
 * looked through instead (its new photos are read, the unchanged only checked), and no folder is
 * added; a nested folder an earlier version added (or one added before its parent) still indexes,
 * and with its parent, as itself.
 */
import { readdirSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

let base: string;
let services: LumenServices;
const pictures = (): string => join(base, 'Pictures');
const year = (): string => join(pictures(), '2024');

function roots(): string[] {
  return services.photos
    .listRoots()
    .map((root) => root.path)
    .sort();
}

beforeAll(async () => {
  base = await tempDir('nested-roots');
  await mkdir(year(), { recursive: true });
  await writeShapePhotos(year(), 2, 11);
  services = await openLibrary(await tempDir('nested-roots-lib'), 1);
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('indexing a folder inside a library folder', () => {
  it('looks through the library folder that holds it instead, reading a photo new there, and adds no folder', async () => {
    expect(await services.indexer.indexFolders([pictures()])).toMatchObject({ found: 2, indexed: 2 });
    await copyFile(join(year(), readdirSync(year())[0] as string), join(year(), 'new.jpg'));
    expect(await services.indexer.indexFolders([`${year()}/`])).toMatchObject({ roots: [pictures()], found: 3, unchanged: 2, reused: 1 });
    expect(roots()).toEqual([pictures()]);
    expect(services.photos.getPhotoByPath(join(year(), 'new.jpg'))).toBeDefined();
    await rm(join(year(), 'new.jpg'));
    expect(await services.indexer.indexFolders([pictures()])).toMatchObject({ removed: 1 });
  });

  it('is not found, rather than refused, when it does not exist (a typo inside a library folder)', async () => {
    await expect(services.indexer.indexFolders([join(pictures(), 'no-such-folder')])).rejects.toMatchObject({ code: 'missing-folder' });
  });

  it('looks through the outer folder once when the same command names both, and adds only that one', async () => {
    const other = await tempDir('nested-roots-other');
    await mkdir(join(other, 'inner'));
    expect(await services.indexer.indexFolders([join(other, 'inner'), other])).toMatchObject({ roots: [other] });
    expect(roots()).toEqual([pictures(), other].sort());
  });

  it('still indexes a folder the library already has inside another (added by an earlier version, or before its parent)', async () => {
    const library = await openLibrary(await tempDir('nested-roots-lib-2'), 1);
    try {
      expect(await library.indexer.indexFolders([year()])).toMatchObject({ indexed: 2 });
      expect(await library.indexer.indexFolders([pictures()])).toMatchObject({ found: 2 });
      expect(await library.indexer.indexFolders([year()])).toMatchObject({ found: 2, unchanged: 2 });
    } finally {
      await library.dispose();
    }
  });

  it('and indexing the folder around it looks through it too, as that folder: a photo deleted there goes, a new one is that folder’s', async () => {
    const outer = join(await tempDir('nested-roots-outer'), 'Pictures');
    const inner = join(outer, '2023');
    await mkdir(inner, { recursive: true });
    const [gone, kept] = (await writeShapePhotos(inner, 2, 13)) as [string, string];
    await writeShapePhotos(outer, 1, 19, 'loose');
    const library = await openLibrary(await tempDir('nested-roots-lib-3'), 1);
    try {
      await library.indexer.indexFolders([inner]);
      expect(await library.indexer.indexFolders([outer])).toMatchObject({ indexed: 1 });
      await rm(gone);
      const [added] = (await writeShapePhotos(inner, 1, 23, 'new')) as [string];
      const summary = await library.indexer.indexFolders([outer]);
      expect(summary).toMatchObject({ roots: [outer, inner], removed: 1, indexed: 1 });
      expect(library.photos.getPhotoByPath(gone)).toBeUndefined();
      const innerId = library.photos.listRoots().find((root) => root.path === inner)?.id;
      expect(library.photos.getPhotoByPath(added)?.rootId).toBe(innerId);
      expect(library.photos.getPhotoByPath(kept)?.rootId).toBe(innerId);
    } finally {
      await library.dispose();
    }
  });
});
