/**
 * Live Photos and RAW+JPEG through a real index run: one item each in the grid and in search
 * results, with its parts listed (search hits and the viewer's details); the parts stay indexed.
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoBrowser } from '../../../src-main/node/api/photo-browser';
import { cliApi } from '../../../src-main/node/cli/cli-api';
import { runStatusCommand } from '../../../src-main/node/cli/commands/status-command';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { jpegWithAppleExif } from '../../support/apple-maker-notes';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';
import { writeSceneVideo } from '../../support/video-fixtures';
import { openLibrary, tempDir } from './indexer-fixtures';

describe('pairs', () => {
  let root: string;
  let folder: string;
  let services: LumenServices;
  let browser: PhotoBrowser;

  beforeAll(async () => {
    root = await tempDir('pairs');
    folder = join(root, 'photos');
    await mkdir(folder);
    const still = await renderShapePhoto({ color: 'red', shape: 'circle', seed: 71 });
    await writeFile(join(folder, `IMG_0001.${still.extension === 'jpg' ? 'JPG' : 'PNG'}`), still.data);
    await writeSceneVideo(folder, 'IMG_0001.MOV', [{ color: 'red', shape: 'circle', seconds: 2 }]);
    const cat = await renderShapePhoto({ color: 'blue', shape: 'star', seed: 72 });
    await writeFile(join(folder, `DSC_0002.${cat.extension === 'jpg' ? 'JPG' : 'PNG'}`), cat.data);
    await copyFile(join(import.meta.dirname, '../../fixtures/formats/cat-preview-rotated.dng'), join(folder, 'DSC_0002.DNG'));
    // Same name, but a long clip: a video of its own.
    const other = await renderShapePhoto({ color: 'green', shape: 'square', seed: 73 });
    await writeFile(join(folder, `MVI_0003.${other.extension === 'jpg' ? 'JPG' : 'PNG'}`), other.data);
    await writeSceneVideo(folder, 'MVI_0003.MP4', [{ color: 'green', shape: 'square', seconds: 8 }]);
    // A Live Photo renamed apart (as an export or a second copy names it): paired by Apple's identifier in both files.
    await writeFile(join(folder, 'IMG_0004.JPG'), await jpegWithAppleExif('LIVE-4', '#3060c0'));
    await writeSceneVideo(folder, 'IMG_0004 (1).MOV', [{ color: 'blue', shape: 'circle', seconds: 2 }], {
      metadata: { 'com.apple.quicktime.content.identifier': 'LIVE-4' },
    });
    services = await openLibrary(join(root, 'library'), 1);
    browser = new PhotoBrowser(services.db, services.photos, services.vectorIndex);
    const summary = await services.indexer.indexFolders([folder]);
    expect(summary).toMatchObject({ found: 8, indexed: 8, failed: 0 });
  }, 240_000);

  afterAll(async () => {
    await services?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  const name = (path: string): string => path.slice(folder.length + 1);

  it('shows each Live Photo and RAW+JPEG pair as one item in the grid, with its parts in the details', () => {
    const page = browser.page({ offset: 0, limit: 50 });
    expect(page.total).toBe(5);
    expect(
      page.photos
        .map((p) => name(p.path))
        .map((n) => n.replace(/\.(JPG|PNG)$/, '.still'))
        .sort(),
    ).toEqual(['DSC_0002.still', 'IMG_0001.still', 'IMG_0004.still', 'MVI_0003.MP4', 'MVI_0003.still']);
    const live = page.photos.find((p) => name(p.path).startsWith('IMG_0001'));
    expect(browser.details(live?.id ?? -1).parts?.map((part) => [name(part.path), part.kind])).toEqual([['IMG_0001.MOV', 'live-video']]);
    const pair = page.photos.find((p) => name(p.path).startsWith('DSC_0002'));
    expect(browser.details(pair?.id ?? -1).parts?.map((part) => [name(part.path), part.kind])).toEqual([['DSC_0002.DNG', 'raw']]);
    const renamed = page.photos.find((p) => name(p.path) === 'IMG_0004.JPG');
    expect(browser.details(renamed?.id ?? -1).parts?.map((part) => [name(part.path), part.kind])).toEqual([['IMG_0004 (1).MOV', 'live-video']]);
    expect(services.photos.countPhotos()).toBe(8);
  });

  it("answers a search with the pair once, under its still, its parts listed; a filter for the part's type finds the part", async () => {
    const response = await services.search.search({ text: 'red circle', limit: 20 });
    const names = response.hits.map((h) => name(h.path));
    expect(names.filter((n) => n.startsWith('IMG_0001'))).toHaveLength(1);
    expect(names).not.toContain('IMG_0001.MOV');
    expect(names).not.toContain('DSC_0002.DNG');
    const live = response.hits.find((h) => name(h.path).startsWith('IMG_0001'));
    expect(live?.parts?.map((p) => name(p.path))).toEqual(['IMG_0001.MOV']);
    const movOnly = await services.search.search({ text: 'red circle', limit: 20, filters: { fileTypes: ['mov'] } });
    expect(movOnly.hits.map((h) => name(h.path))).toEqual(['IMG_0001.MOV', 'IMG_0004 (1).MOV']);
  });

  it('counts items as the grid shows them as well as files, in status and its text', async () => {
    const status = services.status(false);
    expect(status).toMatchObject({ photos: 8, items: 5 });
    expect(status.roots.map((r) => [r.photos, r.items])).toEqual([[8, 5]]);
    let printed = '';
    await runStatusCommand(cliApi(services), false, false, { out: (text) => (printed += text), err: () => undefined, interactive: false });
    expect(printed).toContain('Photos:   5 items (8 files: a Live Photo with its video, or a RAW with its JPEG, is one item)');
  });
});
