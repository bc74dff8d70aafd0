/**
 * Every awkward file either indexes correctly or becomes an error row whose reason says what to do;
 * nothing stops the run, unchanged bad files are not retried, changed ones are.
 */
import { chmod, copyFile, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { CORPUS, libraryCounts, openLibrary, pngClaiming, tempDir, writeShapePhotos } from './indexer-fixtures';

const runningAsRoot = process.getuid?.() === 0;
let photos: string;
let services: LumenServices;
let first: IndexSummary;
let shapeName: string;

function reasons(): Map<string, string> {
  return new Map(services.photos.listErrors().map((e) => [relative(photos, e.path), e.reason]));
}

function indexedNames(): string[] {
  return services.photos
    .getPhotos(services.photos.listRoots().flatMap((root) => services.photos.listPhotoPathsInRoot(root.id).map((p) => p.id)))
    .map((p) => relative(photos, p.path))
    .sort();
}

beforeAll(async () => {
  photos = await tempDir('bad-files');
  services = await openLibrary(await tempDir('bad-files-lib'));
  const hard = join(CORPUS, 'hard');
  await writeFile(join(photos, 'empty.jpg'), '');
  await copyFile(join(hard, 'truncated.jpg'), join(photos, 'truncated.jpg'));
  await writeFile(join(photos, 'not-an-image.png'), 'hello, I am a text file wearing a .png');
  await writeFile(join(photos, 'bomb.png'), await pngClaiming(100_000, 100_000));
  await copyFile(join(hard, 'chessboard_GRAY_U16.tif'), join(photos, '16-bit.tif'));
  await copyFile(join(hard, 'multipage.tif'), join(photos, 'multipage.tif'));
  await copyFile(join(hard, 'no_time_for_that_tiny.gif'), join(photos, 'animated.gif'));
  await writeFile(join(photos, 'cmyk.jpg'), await sharp(join(CORPUS, 'photos/coffee.png')).toColourspace('cmyk').jpeg().toBuffer());
  await copyFile(join(CORPUS, 'photos/camera.png'), join(photos, 'png-named.jpg'));
  const [shape] = await writeShapePhotos(photos, 1, 3, 'shape');
  shapeName = relative(photos, shape as string);
  for (const name of ['ünïcödé 写真.jpg', 'with spaces.jpg', 'new\nline.jpg', '-leading-dash.jpg']) await copyFile(shape as string, join(photos, name));
  await writeFile(
    join(photos, 'with spaces.jpg'),
    await sharp(shape as string)
      .jpeg({ quality: 70 })
      .toBuffer(),
  );
  await symlink('loop-b.jpg', join(photos, 'loop-a.jpg'));
  await symlink('loop-a.jpg', join(photos, 'loop-b.jpg'));
  await symlink('nowhere.jpg', join(photos, 'dangling.jpg'));
  await mkdir(join(photos, 'sub'));
  await symlink(photos, join(photos, 'sub', 'folder-loop'));
  await writeFile(
    join(photos, 'locked.jpg'),
    await sharp(shape as string)
      .png()
      .toBuffer(),
  );
  await chmod(join(photos, 'locked.jpg'), 0o000);
  first = await services.indexer.indexFolders([photos]);
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('bad files', () => {
  it('gives each unreadable file an error row with a reason a person can act on', () => {
    const found = reasons();
    expect(found.get('empty.jpg')).toMatch(/empty file \(0 bytes\).*replace it/);
    expect(found.get('truncated.jpg')).toMatch(/truncated or damaged/);
    expect(found.get('not-an-image.png')).toMatch(/not a supported image/);
    expect(found.get('bomb.png')).toMatch(/too large to decode safely.*megapixels/);
    expect(found.get('loop-a.jpg')).toMatch(/symbolic link loop/);
    expect(found.get('loop-b.jpg')).toMatch(/symbolic link loop/);
    expect(found.get('dangling.jpg')).toMatch(/broken link/);
    if (!runningAsRoot) expect(found.get('locked.jpg')).toMatch(/permission denied.*read access/);
  });

  it('indexes the awkward files that are real photos: 16-bit and multi-page TIFF, CMYK JPEG, animated GIF, odd names', () => {
    const names = indexedNames();
    for (const name of [
      '16-bit.tif',
      'multipage.tif',
      'animated.gif',
      'cmyk.jpg',
      'png-named.jpg',
      'ünïcödé 写真.jpg',
      'with spaces.jpg',
      'new\nline.jpg',
      '-leading-dash.jpg',
      shapeName,
    ]) {
      expect(names).toContain(name);
    }
    const cmyk = services.photos.getPhotoByPath(join(photos, 'cmyk.jpg'));
    expect(cmyk).toMatchObject({ format: 'jpeg', width: 600, height: 400 });
    const counts = libraryCounts(services);
    expect(counts.embeddings).toBe(counts.photos);
    expect(counts.vectors).toBe(counts.photos);
    expect(first.failed).toBe(counts.errors);
    // Links that cannot be followed are found files that failed: the counters add up.
    expect(first.found).toBe(first.indexed + first.reused + first.unchanged + first.failed + first.vanished);
  });

  it('does not retry bad files that have not changed', async () => {
    const again = await services.indexer.indexFolders([photos]);
    expect(again).toMatchObject({ indexed: 0, reused: 0, failed: 0, removed: 0 });
    expect(reasons().size).toBe(libraryCounts(services).errors);
  });

  it('retries a bad file once it changes, and forgets the error when it reads', async () => {
    const good = await sharp(join(CORPUS, 'photos/rocket.jpg')).jpeg().toBuffer();
    await writeFile(join(photos, 'truncated.jpg'), good);
    await utimes(join(photos, 'truncated.jpg'), new Date(), new Date(Date.now() + 5000));
    const again = await services.indexer.indexFolders([photos]);
    expect(again.indexed).toBe(1);
    expect(reasons().has('truncated.jpg')).toBe(false);
    expect(services.photos.getPhotoByPath(join(photos, 'truncated.jpg'))?.format).toBe('jpeg');
  });

  it('drops the error row of a bad file that was deleted', async () => {
    await rm(join(photos, 'not-an-image.png'));
    await services.indexer.indexFolders([photos]);
    expect(reasons().has('not-an-image.png')).toBe(false);
  });
});
