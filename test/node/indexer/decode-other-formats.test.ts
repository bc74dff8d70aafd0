/**
 * The index decode for formats libvips cannot read by itself (HEIC, camera RAW, JPEG XL, BMP), for
 * transparency, and for the format names recorded: through decodeForModel with a CLIP-shaped
 * preprocessing, then a real index run over a folder of them.
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeForModel, type ModelInput } from '../../../src-main/node/indexer/embed-worker/decode-for-model';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { prepareImage, preprocessResizeTarget } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import type { RgbImage } from '../../../src-main/node/model/rgb-image';
import { readPhotoMetadata } from '../../../src-main/node/photos/photo-metadata';
import { openLibrary, tempDir } from './indexer-fixtures';

const CLIP = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 224 }, resample: 3, do_center_crop: true, crop_size: { height: 224, width: 224 } });
const clip: ModelInput = { prepareImage: (image) => prepareImage(image, CLIP), resizeTargetFor: (size) => preprocessResizeTarget(size, CLIP) };
const fixtures = join(import.meta.dirname, '../../fixtures/formats');

/** Mean absolute difference per sample between decoded pixels, turned by `turn` degrees, and the reference cat. */
async function differenceFromCat(image: RgbImage, turn = 0): Promise<number> {
  const { data: expected, info } = await sharp(join(fixtures, 'cat-reference.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const turned = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate(turn)
    .png()
    .toBuffer();
  const actual = await sharp(turned).resize(info.width, info.height, { fit: 'fill' }).raw().toBuffer();
  let sum = 0;
  for (let i = 0; i < expected.length; i++) sum += Math.abs((expected[i] as number) - (actual[i] as number));
  return sum / expected.length;
}

describe('decodeForModel, other formats', () => {
  it('decodes an iPhone-style HEIC with its EXIF, recorded as heic', async () => {
    const decoded = await decodeForModel(await readFile(join(fixtures, 'cat.heic')), clip, '/photos/IMG_0001.HEIC');
    expect(decoded.format).toBe('heic');
    expect([decoded.originalWidth, decoded.originalHeight]).toEqual([451, 300]);
    expect(await differenceFromCat(decoded.image)).toBeLessThan(12);
    expect(await readPhotoMetadata(decoded.exif)).toMatchObject({ takenAt: '2023-05-17T10:11:12', cameraMake: 'Apple' });
  });

  it('turns a HEIC with irot and EXIF Orientation 6 upright once, not twice', async () => {
    const decoded = await decodeForModel(await readFile(join(fixtures, 'cat-irot-and-exif-6.heic')), clip, '/photos/IMG_0002.HEIC');
    expect([decoded.originalWidth, decoded.originalHeight]).toEqual([451, 300]);
    expect(decoded.image.width).toBeGreaterThan(decoded.image.height);
    expect(await differenceFromCat(decoded.image)).toBeLessThan(12);
  });

  it("decodes a DNG from its preview, upright by the RAW's orientation, with the RAW's size and metadata", async () => {
    const path = join(fixtures, 'cat-preview-rotated.dng');
    const decoded = await decodeForModel(await readFile(path), clip, path);
    expect(decoded.format).toBe('dng');
    expect([decoded.originalWidth, decoded.originalHeight]).toEqual([106, 160]);
    // From the 480×320 preview, not the 96×64 IFD0 thumbnail a TIFF reader sees.
    expect(decoded.image.height).toBeGreaterThan(96);
    expect(await differenceFromCat(decoded.image, -90)).toBeLessThan(12);
    expect(await readPhotoMetadata(decoded.exif)).toMatchObject({ takenAt: '2022-08-09T07:06:05', cameraModel: 'Fixture DNG' });
  });

  it.each([
    ['cat.jxl', 'jxl', 30],
    ['cat.bmp', 'bmp', 3],
  ] as const)('decodes %s', async (file, format, tolerance) => {
    const decoded = await decodeForModel(await readFile(join(fixtures, file)), clip, join(fixtures, file));
    expect(decoded.format).toBe(format);
    expect([decoded.originalWidth, decoded.originalHeight]).toEqual([150, 100]);
    expect(await differenceFromCat(decoded.image)).toBeLessThan(tolerance);
  });

  it('records AVIF as avif, not heif', async () => {
    const avif = await sharp(join(fixtures, 'cat-reference.png')).avif().toBuffer();
    expect((await decodeForModel(avif, clip, '/photos/a.avif')).format).toBe('avif');
  });

  it('composites transparency onto white, 16-bit PNG included', async () => {
    // Left half opaque red, right half fully transparent with black colour samples underneath.
    const width = 64;
    const height = 32;
    const samples = new Uint16Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width / 2; x++) samples.set([65535, 0, 0, 65535], (y * width + x) * 4);
    }
    const png16 = await sharp(samples, { raw: { width, height, channels: 4 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect(await sharp(png16).metadata()).toMatchObject({ depth: 'ushort', hasAlpha: true });
    const decoded = await decodeForModel(png16, clip, '/photos/logo.png');
    const at = (x: number): number[] => Array.from(decoded.image.data.subarray((8 * decoded.image.width + x) * 3, (8 * decoded.image.width + x) * 3 + 3));
    expect(at(4)).toEqual([255, 0, 0]);
    expect(at(decoded.image.width - 4)).toEqual([255, 255, 255]);
  });
});

describe('indexing a folder of other formats', () => {
  let folder: string;
  let libraryDir: string;
  let services: LumenServices;

  beforeAll(async () => {
    folder = await tempDir('other-formats');
    libraryDir = await tempDir('other-formats-library');
    await mkdir(folder, { recursive: true });
    const copies: Array<[string, string]> = [
      ['cat.heic', 'IMG_0001.HEIC'],
      ['cat-irot-and-exif-6.heic', 'IMG_0002.heic'],
      ['two-images-second-primary.heic', 'burst.hif'],
      ['cat-preview-rotated.dng', 'DSC_0003.DNG'],
      ['cat.jxl', 'art.jxl'],
      ['cat.bmp', 'scan.bmp'],
      ['cat-reference.png', 'cat.png'],
    ];
    for (const [from, to] of copies) await copyFile(join(fixtures, from), join(folder, to));
    await sharp(join(fixtures, 'cat-reference.png')).jpeg().toFile(join(folder, 'export.jfif'));
    services = await openLibrary(libraryDir, 1);
  });

  afterAll(async () => {
    await services?.dispose();
    await rm(folder, { recursive: true, force: true });
    await rm(libraryDir, { recursive: true, force: true });
  });

  it('indexes every one, records its format and finds HEIC by --type heic only', async () => {
    const summary = await services.indexer.indexFolders([folder]);
    expect(summary).toMatchObject({ indexed: 8, failed: 0 });
    const formats = services.db
      .prepare<[], { name: string; format: string }>("SELECT replace(path, rtrim(path, replace(path, '/', '')), '') AS name, format FROM photos ORDER BY name")
      .all();
    expect(formats).toEqual([
      { name: 'DSC_0003.DNG', format: 'dng' },
      { name: 'IMG_0001.HEIC', format: 'heic' },
      { name: 'IMG_0002.heic', format: 'heic' },
      { name: 'art.jxl', format: 'jxl' },
      { name: 'burst.hif', format: 'heic' },
      { name: 'cat.png', format: 'png' },
      { name: 'export.jfif', format: 'jpeg' },
      { name: 'scan.bmp', format: 'bmp' },
    ]);
    const response = await services.search.search({ text: 'cat', limit: 20, filters: { fileTypes: ['heic'] } });
    const names = response.hits.map((hit) => hit.path.split('/').at(-1)).sort();
    expect(names).toEqual(['IMG_0001.HEIC', 'IMG_0002.heic', 'burst.hif']);
  });
});
