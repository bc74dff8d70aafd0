import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centerCrop, prepareImage, preprocessResizeTarget, resizeRgb } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import { describeDecodeError } from '../../../src-main/node/photos/describe-decode-error';
import type { RgbImage } from '../../../src-main/node/model/rgb-image';
import type { JsonObject } from '../../../src-main/node/model/model-folder';
import { ImageFormatError } from '../../../src-main/node/photos/formats/image-format-error';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';

/** An image whose pixel (x, y) is colour(x, y). */
function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  return { data, width, height };
}

/** Channel c of pixel (x, y) in a CHW tensor. */
const chw = (data: Float32Array, width: number, height: number, c: number, x: number, y: number): number => data[c * width * height + y * width + x] ?? NaN;

const HALF = { do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };

describe('prepareImage', () => {
  it('resizes by the shortest edge, keeping content in place', async () => {
    // Left half red, right half blue, 40×20; nearest resize to shortest edge 10 → 20×10.
    const source = image(40, 20, (x) => (x < 20 ? [255, 0, 0] : [0, 0, 255]));
    const spec = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 10 }, resample: 0, ...HALF });
    const out = await prepareImage(source, spec);
    expect([out.width, out.height]).toEqual([20, 10]);
    expect(out.data).toHaveLength(3 * 20 * 10);
    for (const y of [0, 5, 9]) {
      expect([0, 1, 2].map((c) => chw(out.data, 20, 10, c, 2, y))).toEqual([1, -1, -1]);
      expect([0, 1, 2].map((c) => chw(out.data, 20, 10, c, 17, y))).toEqual([-1, -1, 1]);
    }
  });

  it('averages with an antialiased lanczos downscale (flat colour stays flat)', async () => {
    const source = image(90, 30, () => [200, 100, 50]);
    const out = await prepareImage(source, parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 10 }, resample: 1, do_rescale: false }));
    expect([out.width, out.height]).toEqual([30, 10]);
    expect(new Set(Array.from(out.data.subarray(0, 300)))).toEqual(new Set([200]));
    expect(new Set(Array.from(out.data.subarray(600)))).toEqual(new Set([50]));
  });

  it('center crops at floor((size − crop) / 2)', async () => {
    // Each pixel encodes its position: red = x, green = y.
    const source = image(7, 5, (x, y) => [x, y, 0]);
    const spec = parsePreprocessSpec({ do_center_crop: true, crop_size: { width: 4, height: 2 }, do_rescale: false });
    const out = await prepareImage(source, spec);
    expect([out.width, out.height]).toEqual([4, 2]);
    // Offsets floor(3/2) = 1 and floor(3/2) = 1.
    expect(Array.from(out.data.subarray(0, 8))).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(Array.from(out.data.subarray(8, 16))).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('pads with black where the crop is larger than the image', () => {
    const cropped = centerCrop(
      image(2, 1, () => [9, 9, 9]),
      4,
      3,
    );
    expect(Array.from(cropped.data)).toEqual([
      ...[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      ...[0, 0, 0, 9, 9, 9, 9, 9, 9, 0, 0, 0],
      ...[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('rescales and normalizes per channel, in float32 like transformers.js', async () => {
    const spec = parsePreprocessSpec({
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.48145466, 0.4578275, 0.40821073],
      image_std: [0.26862954, 0.26130258, 0.27577711],
    });
    const out = await prepareImage(
      image(1, 1, () => [0, 128, 255]),
      spec,
    );
    expect(out.data[0]).toBeCloseTo((0 - 0.48145466) / 0.26862954, 5);
    expect(out.data[1]).toBeCloseTo((128 / 255 - 0.4578275) / 0.26130258, 5);
    expect(out.data[2]).toBeCloseTo((1 - 0.40821073) / 0.27577711, 5);
    // Exactly the float32 rounding of each step, not merely close.
    expect(out.data[1]).toBe(Math.fround((Math.fround(128 / 255) - 0.4578275) / 0.26130258));
  });

  it('lays channels out as planes (CHW)', async () => {
    const out = await prepareImage(
      image(2, 1, (x) => (x === 0 ? [255, 0, 0] : [0, 0, 255])),
      parsePreprocessSpec(HALF),
    );
    expect(Array.from(out.data)).toEqual([1, -1, -1, -1, -1, 1]);
  });

  // A strip (a 5000×3 banner, a 1000×1 divider) is scaled up by its short side to the model's size,
  // and the crop keeps only its middle: resizing all of it took seconds and gigabytes per photo.
  it('prepares an extreme strip (20000×1, 1×65535) from its middle alone, which the crop shows', async () => {
    const spec = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 224 }, resample: 3, do_center_crop: true, crop_size: 224, do_rescale: false });
    for (const [width, height] of [
      [20_000, 1],
      [1, 65_535],
    ] as const) {
      const wide = width > height;
      const length = Math.max(width, height);
      // Red, then 21 green pixels in the middle, then blue: at 224 output pixels per source pixel, the crop sees green only.
      const strip = image(width, height, (x, y) => {
        const along = wide ? x : y;
        return Math.abs(along - Math.floor(length / 2)) <= 10 ? [0, 255, 0] : along < length / 2 ? [255, 0, 0] : [0, 0, 255];
      });
      const out = await prepareImage(strip, spec);
      expect([out.width, out.height]).toEqual([224, 224]);
      // Along the strip every pixel is the same green (across it, the resize of one pixel fades as it always did).
      const pixel = (along: number): number[] => [0, 1, 2].map((c) => (wide ? chw(out.data, 224, 224, c, along, 112) : chw(out.data, 224, 224, c, 112, along)));
      expect(pixel(0)[1]).toBeGreaterThan(100);
      for (const along of [0, 112, 223]) expect(pixel(along)).toEqual([0, pixel(0)[1], 0]);
    }
  });

  it('gives a strip the pixels the whole resize and centre crop give, within a level or two', async () => {
    for (const resample of [1, 2, 3] as const) {
      const spec = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 64 }, resample, do_center_crop: true, crop_size: 64, do_rescale: false });
      const strip = image(3001, 3, (x, y) => [(x * 7) % 256, (x * 3 + y * 50) % 256, (x >> 3) % 256]);
      const out = await prepareImage(strip, spec);
      const target = preprocessResizeTarget(strip, spec);
      if (!target || !spec.resize) throw new Error('the spec resizes');
      const whole = await resizeRgb(strip, target.width, target.height, spec.resize.resample);
      const expected = centerCrop(whole, 64, 64);
      let worst = 0;
      for (let y = 0; y < 64; y++)
        for (let x = 0; x < 64; x++)
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(chw(out.data, 64, 64, c, x, y) - (expected.data[(y * 64 + x) * 3 + c] ?? NaN)));
      expect(worst, `resample ${resample}`).toBeLessThanOrEqual(2);
    }
  });

  it('refuses a strip whose resize, without a crop, would be too large, in a sentence for the person (not "cannot decode image (…)")', async () => {
    const spec = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 128 }, resample: 1, do_center_crop: false, do_rescale: false });
    const refusal = await prepareImage(
      image(65_535, 1, () => [200, 40, 40]),
      spec,
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(describeDecodeError(refusal)).toMatch(/^image is too elongated to index \(65535×1 pixels\): .*crop it to a less extreme shape$/);
  });

  // Without a crop the model sees the whole resize: the demo model took a 5000×3 banner as a
  // 213333×128 input, hundreds of megabytes of floats before the tower even ran.
  it('refuses a strip more than 64 times longer than wide for a model without a crop, before resizing it', async () => {
    const demo = parsePreprocessSpec(JSON.parse(await readFile(join(bundledModelFolder(), 'preprocessor_config.json'), 'utf8')) as JsonObject);
    expect(demo.centerCrop).toBeNull();
    const banner = image(5000, 3, () => [200, 40, 40]);
    const before = process.memoryUsage().arrayBuffers;
    const refusal = await prepareImage(banner, demo).then(
      () => null,
      (error: unknown) => error,
    );
    // The whole resize would be 213333×128: 82 MB of RGB and 328 MB of floats.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16_000_000);
    expect(refusal).toBeInstanceOf(ImageFormatError);
    expect(describeDecodeError(refusal)).toBe(
      "image is too elongated to index (5000×3 pixels): the model's resize would make it 213333×128; crop it to a less extreme shape",
    );
    // At 64:1 a panorama is still prepared whole; one pixel more is refused.
    expect(
      await prepareImage(
        image(640, 10, () => [9, 9, 9]),
        demo,
      ),
    ).toMatchObject({ width: 8192, height: 128 });
    await expect(
      prepareImage(
        image(641, 10, () => [9, 9, 9]),
        demo,
      ),
    ).rejects.toThrow(/too elongated to index \(641×10 pixels\)/);
  });

  it('rejects a buffer that does not match its size', async () => {
    await expect(prepareImage({ data: new Uint8Array(5), width: 2, height: 1 }, parsePreprocessSpec({}))).rejects.toThrow(/6 bytes/);
  });
});
