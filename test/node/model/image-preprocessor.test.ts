import { describe, expect, it } from 'vitest';
import { centerCrop, prepareImage } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import type { RgbImage } from '../../../src-main/node/model/rgb-image';

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

  it('rejects a buffer that does not match its size', async () => {
    await expect(prepareImage({ data: new Uint8Array(5), width: 2, height: 1 }, parsePreprocessSpec({}))).rejects.toThrow(/6 bytes/);
  });
});
