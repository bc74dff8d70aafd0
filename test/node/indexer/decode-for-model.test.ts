import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeForModel, prepareDecoded, type ModelInput } from '../../../src-main/node/indexer/embed-worker/decode-for-model';
import { readPhotoFile } from '../../../src-main/node/indexer/embed-worker/read-photo-file';
import { prepareImage, preprocessResizeTarget } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import type { RgbImage } from '../../../src-main/node/model/rgb-image';

const CLIP = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 224 }, resample: 3, do_center_crop: true, crop_size: { height: 224, width: 224 } });
const clip: ModelInput = { prepareImage: (image) => prepareImage(image, CLIP), resizeTargetFor: (size) => preprocessResizeTarget(size, CLIP) };

/** Upright test picture: four quadrants of distinct colours, so that any wrong turn or mirror shows. */
const QUADRANTS = { topLeft: [220, 30, 30], topRight: [30, 200, 40], bottomLeft: [30, 40, 220], bottomRight: [230, 220, 40] } as const;
const WIDTH = 2400;
const HEIGHT = 1600;

function uprightPixel(x: number, y: number): readonly number[] {
  const left = x < WIDTH / 2;
  if (y < HEIGHT / 2) return left ? QUADRANTS.topLeft : QUADRANTS.topRight;
  return left ? QUADRANTS.bottomLeft : QUADRANTS.bottomRight;
}

/**
 * The pixels a camera stores for each EXIF orientation so that the upright picture is the one
 * above, straight from the EXIF definitions ("row 0 is the visual …, column 0 is the visual …"),
 * without sharp: stored (x, y) → upright (x, y).
 */
const STORED_TO_UPRIGHT: Record<number, { swap: boolean; map: (x: number, y: number) => [number, number] }> = {
  1: { swap: false, map: (x, y) => [x, y] },
  2: { swap: false, map: (x, y) => [WIDTH - 1 - x, y] },
  3: { swap: false, map: (x, y) => [WIDTH - 1 - x, HEIGHT - 1 - y] },
  4: { swap: false, map: (x, y) => [x, HEIGHT - 1 - y] },
  5: { swap: true, map: (x, y) => [y, x] },
  6: { swap: true, map: (x, y) => [WIDTH - 1 - y, x] },
  7: { swap: true, map: (x, y) => [WIDTH - 1 - y, HEIGHT - 1 - x] },
  8: { swap: true, map: (x, y) => [y, HEIGHT - 1 - x] },
};

async function storedJpeg(orientation: number): Promise<Buffer> {
  const { swap, map } = STORED_TO_UPRIGHT[orientation] as (typeof STORED_TO_UPRIGHT)[number];
  const width = swap ? HEIGHT : WIDTH;
  const height = swap ? WIDTH : HEIGHT;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [ux, uy] = map(x, y);
      pixels.set(uprightPixel(ux, uy), (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation })
    .toBuffer();
}

function pixelAt(image: RgbImage, fx: number, fy: number): number[] {
  const offset = (Math.floor(fy * image.height) * image.width + Math.floor(fx * image.width)) * 3;
  return Array.from(image.data.subarray(offset, offset + 3));
}

function expectColour(actual: number[], expected: readonly number[]): void {
  for (let c = 0; c < 3; c++) expect(Math.abs((actual[c] as number) - (expected[c] as number))).toBeLessThan(24);
}

describe('decodeForModel', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('EXIF orientation %i: upright pixels, at the size the thumbnail and model need', async (orientation) => {
    const decoded = await decodeForModel(await storedJpeg(orientation), clip);
    expect([decoded.originalWidth, decoded.originalHeight]).toEqual([WIDTH, HEIGHT]);
    // 3:2 with a 224-px model: the model's resize target (336×224) covers the 320×213 thumbnail.
    expect([decoded.image.width, decoded.image.height]).toEqual([336, 224]);
    expectColour(pixelAt(decoded.image, 0.25, 0.25), QUADRANTS.topLeft);
    expectColour(pixelAt(decoded.image, 0.75, 0.25), QUADRANTS.topRight);
    expectColour(pixelAt(decoded.image, 0.25, 0.75), QUADRANTS.bottomLeft);
    expectColour(pixelAt(decoded.image, 0.75, 0.75), QUADRANTS.bottomRight);
  });

  it('decodes a 12-MP JPEG to its 320×240 thumbnail size, not to a larger intermediate', async () => {
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#6a8caf' } })
      .jpeg()
      .toBuffer();
    const decoded = await decodeForModel(photo, clip);
    expect([decoded.image.width, decoded.image.height, decoded.originalWidth, decoded.originalHeight]).toEqual([320, 240, 4000, 3000]);
    expect(decoded.format).toBe('jpeg');
  });
});

describe('prepareDecoded', () => {
  it('reduces the decoded pixels to the model’s size (antialiased), then crops and normalizes as the model says', async () => {
    // Vertical stripes one pixel wide, halved: an antialiased reduce turns them into an even grey; sampling them does not.
    const stripes: RgbImage = { data: new Uint8Array(448 * 448 * 3).map((_, i) => (Math.floor(i / 3) % 2 === 0 ? 255 : 0)), width: 448, height: 448 };
    const prepared = await prepareDecoded(stripes, clip);
    expect([prepared.width, prepared.height]).toEqual([224, 224]);
    // The red plane away from the left and right edges (where the kernel runs off the image).
    const interior = (data: Float32Array): number[] => Array.from(data.subarray(0, 224 * 224)).filter((_, i) => i % 224 >= 4 && i % 224 < 220);
    expect(Math.max(...interior(prepared.data).map((v) => Math.abs(v - 128 / 255)))).toBeLessThan(0.01);
    // The affine resize the model's preprocessing would do samples every other stripe: all white.
    const sampled = await prepareImage(stripes, CLIP);
    expect(Math.min(...interior(sampled.data))).toBeGreaterThan(0.99);
  });

  it('leaves an enlarging resize to the model’s own preprocessing', async () => {
    const small: RgbImage = { data: new Uint8Array(100 * 80 * 3).fill(90), width: 100, height: 80 };
    expect(await prepareDecoded(small, clip)).toEqual(await prepareImage(small, CLIP));
  });
});

describe('readPhotoFile', () => {
  let dir = '';
  let path = '';
  const bytes = Buffer.from('not really a photo, but bytes with a known sha256');
  const madeUpHash = '8a8b0eb0bd1d5cd9c4b0a9c1c1de0ba1ae1ef1ad5fb1c8a9d0fb86c8f0f3a4f5';
  let mtimeMs = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumen-read-photo-'));
    path = join(dir, 'photo.jpg');
    await writeFile(path, bytes);
    await utimes(path, new Date(1_700_000_000_000), new Date(1_700_000_000_000));
    mtimeMs = 1_700_000_000_000;
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes the hash the indexer computed when the file still has the size and mtime it saw', async () => {
    // A made-up hash: if the file were hashed again, the result would be the real one.
    const file = await readPhotoFile({ path, size: bytes.length, mtimeMs, contentHash: madeUpHash });
    expect(file.contentHash).toBe(madeUpHash);
    expect(file.bytes.equals(bytes)).toBe(true);
  });

  it('hashes what it read when the file changed since, or when no hash came with it', async () => {
    const real = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    expect((await readPhotoFile({ path, size: bytes.length, mtimeMs: mtimeMs - 1000, contentHash: madeUpHash })).contentHash).toBe(real);
    expect((await readPhotoFile({ path, size: bytes.length + 1, mtimeMs, contentHash: madeUpHash })).contentHash).toBe(real);
    expect((await readPhotoFile({ path, size: bytes.length, mtimeMs })).contentHash).toBe(real);
  });
});
