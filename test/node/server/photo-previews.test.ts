/**
 * Previews of originals a browser cannot draw: a real TIFF in a real library is served as an upright
 * JPEG fitted inside 2048 px, made once and then reused, made again when the file changes, and the
 * previews folder stays within its limit.
 */
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryFiles } from '../../../src-main/node/api/library-files';
import { PhotoPreviews, PREVIEW_LONG_SIDE } from '../../../src-main/node/api/photo-previews';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';

let base: string;
let db: LibraryDb;
let photos: PhotoRepository;

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

async function addPhoto(path: string): Promise<number> {
  const info = await stat(path);
  const rootId = photos.upsertRoot(join(base, 'photos'));
  return photos.upsertPhoto({
    rootId,
    path,
    size: info.size,
    mtimeMs: Math.trunc(info.mtimeMs),
    contentHash: `hash-${info.size}-${info.mtimeMs}`,
    width: null,
    height: null,
    format: 'tiff',
    takenAt: null,
    cameraMake: null,
    cameraModel: null,
    thumbnail: null,
  });
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-previews-'));
  await mkdir(join(base, 'photos'));
  db = LibraryDb.open(join(base, 'library'));
  photos = new PhotoRepository(db);
});

afterAll(async () => {
  db.close();
  await rm(base, { recursive: true, force: true });
});

describe('photo previews', () => {
  it('serves a TIFF as a JPEG fitted inside 2048 px, made once and reused, and made again after the file changes', async () => {
    const original = join(base, 'photos', 'scan.tif');
    await tiff(original, 3000, 1200);
    const id = await addPhoto(original);
    const files = new LibraryFiles(join(base, 'library'), photos, writePreviewCopy);

    const preview = await files.resolve('preview', id);
    expect(preview.startsWith(join(base, 'library', 'previews'))).toBe(true);
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
    const changed = await addPhoto(original);
    const again = await files.resolve('preview', changed);
    expect(again).not.toBe(preview);
    expect((await sharp(again).metadata()).width).toBe(1000);
  });

  it('keeps the previews folder within its limit, dropping the least recently shown', async () => {
    const folder = join(base, 'small-cache');
    const previews = new PhotoPreviews(folder, writePreviewCopy, 1);
    const first = join(base, 'photos', 'first.tif');
    const second = join(base, 'photos', 'second.tif');
    await tiff(first, 400, 300);
    await tiff(second, 400, 300);
    await previews.previewOf(first, 'first');
    const kept = await previews.previewOf(second, 'second');
    expect(await readdir(folder)).toEqual(['second.jpg']);
    expect(kept).toBe(join(folder, 'second.jpg'));
  });

  it('says no for a file that is not an image', async () => {
    const broken = join(base, 'photos', 'broken.tif');
    await writeFile(broken, 'not a tiff at all');
    await expect(new PhotoPreviews(join(base, 'broken-cache'), writePreviewCopy).previewOf(broken, 'broken')).rejects.toThrow();
  });
});
