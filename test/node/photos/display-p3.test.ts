/**
 * Display P3 photos (what iPhones write) reach the thumbnail and the model in sRGB, JPEG and HEIC
 * alike. Fixtures: four flat patches whose samples are Display P3 (200, 60, 40), (40, 160, 70),
 * (50, 80, 200) and grey, tagged with a Display P3 profile (test/fixtures/formats/ATTRIBUTION.md).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForIndex } from '../../../src-main/node/indexer/embed-worker/decode-for-index';
import { isDisplayP3 } from '../../../src-main/node/photos/display-p3';
import { decodeHeif } from '../../../src-main/node/photos/formats/heif-decoder';

const fixtures = join(import.meta.dirname, '../../fixtures/formats');
const fullSize = (size: { width: number; height: number }) => size;

function pixel(image: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const at = (y * image.width + x) * 3;
  return [...image.data.subarray(at, at + 3)];
}

function near(actual: number[], expected: number[], tolerance: number): void {
  actual.forEach((value, c) =>
    expect(Math.abs(value - (expected[c] as number)), `channel ${c}: ${actual.join(',')} against ${expected.join(',')}`).toBeLessThanOrEqual(tolerance),
  );
}

describe('Display P3', () => {
  it('converts a P3 JPEG to sRGB: the red patch comes out as the standard P3-to-sRGB matrix puts it, grey stays grey', async () => {
    const { image } = await decodeForIndex(await readFile(join(fixtures, 'patches-p3.jpg')), fullSize);
    // Display P3 (200, 60, 40): linear (0.578, 0.0452, 0.0212) → sRGB linear (0.698, 0.0228, 0.0083) → (217, 42, 23), worked by hand.
    near(pixel(image, 16, 12), [217, 42, 23], 3);
    near(pixel(image, 48, 36), [128, 128, 128], 1);
  });

  // On this fixture libheif-js (libheif 1.23) returns the coded samples already re-expressed (its red patch is what the
  // sRGB-to-P3 matrix makes of (200, 60, 40): (186, 71, 50)), where Debian's libheif 1.15 `heif-convert` returns
  // (201, 60, 40); after the conversion the index copy matches the native decoder (docs/INDEXER.md).
  it('converts a P3 HEIC with the same transform: the profile comes from the container, the pixels from libheif', async () => {
    const bytes = await readFile(join(fixtures, 'patches-p3.heic'));
    expect(isDisplayP3((await sharp(bytes).metadata()).icc)).toBe(true);
    const asDecoded = await decodeHeif(bytes, { maxPixels: 1e8 });
    const { image } = await decodeForIndex(bytes, fullSize);
    const [r, g, b] = pixel(image, 16, 12) as [number, number, number];
    const [r0, g0, b0] = pixel({ data: asDecoded.data, width: asDecoded.width }, 16, 12) as [number, number, number];
    // More saturated than the P3 samples (unconverted, each channel would be within 1), as the JPEG's red patch became.
    expect(r - r0).toBeGreaterThanOrEqual(8);
    expect(g0 - g).toBeGreaterThanOrEqual(8);
    expect(b0 - b).toBeGreaterThanOrEqual(8);
    near(pixel(image, 48, 36), pixel({ data: asDecoded.data, width: asDecoded.width }, 48, 36), 1);
    near(pixel(image, 16, 12), [201, 60, 40], 2);
  });

  it('leaves sRGB and untagged photos as they are', async () => {
    const srgb = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 60, b: 40 } } })
      .withIccProfile('srgb')
      .png()
      .toBuffer();
    const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 60, b: 40 } } })
      .png()
      .toBuffer();
    for (const bytes of [srgb, plain]) near(pixel((await decodeForIndex(bytes, fullSize)).image, 4, 4), [200, 60, 40], 0);
  });
});
