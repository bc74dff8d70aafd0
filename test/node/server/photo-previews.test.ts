/**
 * Previews of originals a browser cannot draw: a real TIFF in a real library is served as an upright
 * JPEG fitted inside 2048 px, made once and then reused, made again when the file changes, and the
 * previews folder stays within its limit.
 */
import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PhotoPreviews, PREVIEW_LONG_SIDE } from '../../../src-main/node/api/photo-previews';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';
import { usePhotoLibrary } from './photo-library-fixture';

const library = usePhotoLibrary('lumen-previews-');

/** A TIFF of `width`×`height`, left half red, right half blue. */
async function tiff(path: string, width: number, height: number): Promise<void> {
  const half = Math.round(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  await sharp({ create: { width, height, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .tiff()
    .toFile(path);
}

describe('photo previews', () => {
  it('serves a TIFF as a JPEG fitted inside 2048 px, made once and reused, and made again after the file changes', async () => {
    const original = join(library.base, 'photos', 'scan.tif');
    await tiff(original, 3000, 1200);
    const id = await library.addPhoto(original, 'tiff');
    const files = library.libraryFiles();

    const preview = await files.resolve('preview', id);
    expect(preview.startsWith(join(library.base, 'library', 'previews'))).toBe(true);
    const meta = await sharp(preview).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([PREVIEW_LONG_SIDE, Math.round((1200 * PREVIEW_LONG_SIDE) / 3000)]);
    const { data, info } = await sharp(preview).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number): number[] => [...data.subarray((10 * info.width + x) * 3, (10 * info.width + x) * 3 + 3)];
    expect(pixel(10)[0]).toBeGreaterThan(200);
    expect(pixel(info.width - 10)[2]).toBeGreaterThan(200);

    const madeAt = (await stat(preview)).ino;
    expect(await files.resolve('preview', id)).toBe(preview);
    expect((await stat(preview)).ino).toBe(madeAt);

    await tiff(original, 1000, 1000);
    await utimes(original, new Date(), new Date(Date.now() + 60_000));
    const changed = await library.addPhoto(original, 'tiff');
    const again = await files.resolve('preview', changed);
    expect(again).not.toBe(preview);
    expect((await sharp(again).metadata()).width).toBe(1000);
  });

  it('keeps the previews folder within its limit, dropping the least recently shown', async () => {
    const folder = join(library.base, 'small-cache');
    const previews = new PhotoPreviews(folder, writePreviewCopy, 1);
    const first = join(library.base, 'photos', 'first.tif');
    const second = join(library.base, 'photos', 'second.tif');
    await tiff(first, 400, 300);
    await tiff(second, 400, 300);
    await previews.previewOf(first, 'first');
    const kept = await previews.previewOf(second, 'second');
    expect(await readdir(folder)).toEqual(['second.jpg']);
    expect(kept).toBe(join(folder, 'second.jpg'));
  });

  it('says no for a file that is not an image', async () => {
    const broken = join(library.base, 'photos', 'broken.tif');
    await writeFile(broken, 'not a tiff at all');
    await expect(new PhotoPreviews(join(library.base, 'broken-cache'), writePreviewCopy).previewOf(broken, 'broken')).rejects.toThrow();
  });
});
