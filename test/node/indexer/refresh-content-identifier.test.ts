/**
 * A library indexed before stills' content identifiers were read: `--refresh-metadata` reads the
 * identifier from the still again and pairs a Live Photo whose two files were renamed apart.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PhotoBrowser } from '../../../src-main/node/api/photo-browser';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { jpegWithAppleExif } from '../../support/apple-maker-notes';
import { writeSceneVideo } from '../../support/video-fixtures';
import { openLibrary, tempDir } from './indexer-fixtures';

let root: string;
let folder: string;
let services: LumenServices;
let browser: PhotoBrowser;

beforeAll(async () => {
  root = await tempDir('refresh-content-id');
  folder = join(root, 'photos');
  await mkdir(folder);
  await writeFile(join(folder, 'IMG_0004.JPG'), await jpegWithAppleExif('LIVE-4', '#3060c0'));
  await writeSceneVideo(folder, 'IMG_0004 (1).MOV', [{ color: 'blue', shape: 'circle', seconds: 2 }], {
    metadata: { 'com.apple.quicktime.content.identifier': 'LIVE-4' },
  });
  services = await openLibrary(join(root, 'library'), 1);
  browser = new PhotoBrowser(services.db, services.photos, services.vectorIndex);
  expect(await services.indexer.indexFolders([folder])).toMatchObject({ indexed: 2, failed: 0 });
}, 240_000);

afterAll(async () => {
  await services?.dispose();
  await rm(root, { recursive: true, force: true });
});

const still = (): string => join(folder, 'IMG_0004.JPG');
const partsOfStill = (): string[] | undefined => {
  const id = services.photos.getPhotoByPath(still())?.id ?? -1;
  return browser.details(id).parts?.map((part) => part.path.slice(folder.length + 1));
};

it('reads the still’s identifier again with --refresh-metadata and pairs it with its renamed video', async () => {
  expect(partsOfStill()).toEqual(['IMG_0004 (1).MOV']);
  // What an older Lumen left: the still's metadata read by the reader before identifiers, no identifier stored.
  services.db.prepare<[string]>('UPDATE photos SET content_identifier = NULL, metadata_version = 1 WHERE path = ?').run(still());
  await services.indexer.indexFolders([folder]);
  expect(partsOfStill() ?? []).toEqual([]);
  expect(services.status(false).metadata?.metadataToRefresh).toBeGreaterThanOrEqual(1);

  await services.indexer.indexFolders([folder], { refreshMetadata: true });
  expect(services.photos.getPhotoByPath(still())?.contentIdentifier).toBe('LIVE-4');
  expect(partsOfStill()).toEqual(['IMG_0004 (1).MOV']);
  expect(services.status(false).metadata?.metadataToRefresh).toBe(0);
}, 240_000);
