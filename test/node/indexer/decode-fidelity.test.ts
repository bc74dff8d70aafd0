/**
 * The indexer's decode stage decodes each photo once, at the size the model and thumbnail need;
 * its vectors and thumbnails must stay those of the stage it replaced (bench/previous-decode-stage.ts,
 * which decoded to a 640-px intermediate), on real photos: the fixtures as they are, and as large
 * JPEGs (the fixtures scaled up to camera sizes, landscape and portrait), where JPEG DCT scaling
 * is what changed.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { fidelityPerPhoto, type PhotoFidelity } from '../../../bench/decode-fidelity';

const PHOTOS = join(import.meta.dirname, '../../fixtures/corpus/photos');
/** Fixture photo → size it is scaled up to, as a camera JPEG. */
const LARGE: ReadonlyArray<[string, number, number]> = [
  ['chelsea.png', 4000, 2667],
  ['coffee.png', 3600, 2400],
  ['motorcycle_left.png', 4000, 2700],
  ['rocket.jpg', 2000, 3000],
  ['astronaut.png', 3000, 3000],
];

let dir = '';
let results: PhotoFidelity[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-decode-fidelity-'));
  const paths = (await readdir(PHOTOS)).sort().map((name) => join(PHOTOS, name));
  for (const [name, width, height] of LARGE) {
    const path = join(dir, `${name.replace(/\.\w+$/, '')}-${width}x${height}.jpg`);
    await writeFile(path, await sharp(join(PHOTOS, name)).resize({ width, height, fit: 'fill', kernel: 'cubic' }).jpeg({ quality: 90 }).toBuffer());
    paths.push(path);
  }
  results = await fidelityPerPhoto(bundledModelFolder(), paths);
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('decode stage fidelity to the previous stage', () => {
  it('gives every photo the same vector (cosine ≥ 0.999)', () => {
    expect(results).toHaveLength(15);
    for (const photo of results) expect(photo.cosine, photo.path).toBeGreaterThanOrEqual(0.999);
  });

  it('gives every photo the same thumbnail, to within a few levels of 255', () => {
    // Pixels before encoding: only the decode changed. Most photos differ by under a level; fine
    // texture (the motorcycle) by ~2.4, where 1/8 DCT scaling averages 8×8 blocks before lanczos.
    for (const photo of results) expect(photo.pixelsMeanAbs, photo.path).toBeLessThanOrEqual(3);
    // The files: within the previous WebP's own error (≈ 36 dB PSNR, an RMS error of ~4 levels).
    for (const photo of results) expect(photo.thumbnailMeanAbs, photo.path).toBeLessThanOrEqual(5);
  });
});
