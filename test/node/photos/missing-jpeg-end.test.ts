/**
 * A JPEG that lacks only its end-of-image marker (FF D9), all its image data present, decodes to
 * the same pixels as the whole file in every decode of originals; one cut inside its scan data is
 * still refused as truncated, and a good file is decoded once.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeForIndex } from '../../../src-main/node/indexer/embed-worker/decode-for-index';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { describeDecodeError } from '../../../src-main/node/photos/describe-decode-error';
import { decodeAllowingMissingJpegEnd, isJpegWithoutEndMarker } from '../../../src-main/node/photos/jpeg-end-marker';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';

const ROCKET = join(import.meta.dirname, '../../fixtures/corpus/photos/rocket.jpg');
const thumbnailSize = (upright: { width: number; height: number }): { width: number; height: number } => ({
  width: Math.round(upright.width / 4),
  height: Math.round(upright.height / 4),
});

let folder: string;
let baseline: Buffer;
let progressive: Buffer;

const withoutEnd = (bytes: Buffer): Buffer => bytes.subarray(0, bytes.length - 2);
const cutMidScan = (bytes: Buffer): Buffer => bytes.subarray(0, Math.floor(bytes.length / 2));

async function refusal(bytes: Buffer): Promise<string> {
  const error = await decodeForIndex(bytes, thumbnailSize, 'cut.jpg').then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error === null) throw new Error('the cut JPEG decoded');
  return describeDecodeError(error, bytes);
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lumen-missing-jpeg-end-'));
  baseline = await readFile(ROCKET);
  progressive = await sharp(baseline).jpeg({ progressive: true, quality: 90 }).toBuffer();
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a JPEG missing only its end marker', () => {
  it.each([
    ['baseline', () => baseline],
    ['progressive', () => progressive],
  ])('%s: decodes for the index to the same pixels as the whole file', async (_kind, whole) => {
    expect(isJpegWithoutEndMarker(withoutEnd(whole()))).toBe(true);
    const intact = await decodeForIndex(whole(), thumbnailSize, 'whole.jpg');
    const missingEnd = await decodeForIndex(withoutEnd(whole()), thumbnailSize, 'no-end.jpg');
    expect([missingEnd.image.width, missingEnd.image.height, missingEnd.format]).toEqual([intact.image.width, intact.image.height, 'jpeg']);
    expect(Buffer.from(missingEnd.image.data).equals(Buffer.from(intact.image.data))).toBe(true);
  });

  it('decodes when only its last byte (D9) is missing', async () => {
    const intact = await decodeForIndex(baseline, thumbnailSize, 'whole.jpg');
    const missingD9 = await decodeForIndex(baseline.subarray(0, baseline.length - 1), thumbnailSize, 'no-d9.jpg');
    expect(Buffer.from(missingD9.image.data).equals(Buffer.from(intact.image.data))).toBe(true);
  });

  it('decodes from its path at full size, and the file is left as it was', async () => {
    const path = join(folder, 'from-path.jpg');
    await writeFile(path, withoutEnd(baseline));
    const decoded = await decodeImage(path);
    const intact = await decodeImage(baseline);
    expect(Buffer.from(decoded.image.data).equals(Buffer.from(intact.image.data))).toBe(true);
    expect((await readFile(path)).equals(withoutEnd(baseline))).toBe(true);
  });

  it('gets the same preview copy as the whole file, and the original is left as it was', async () => {
    const whole = join(folder, 'whole.jpg');
    const missingEnd = join(folder, 'no-end.jpg');
    await writeFile(whole, baseline);
    await writeFile(missingEnd, withoutEnd(baseline));
    await writePreviewCopy({ original: whole, destination: join(folder, 'whole-preview.webp'), longSide: 200, format: 'webp' });
    await writePreviewCopy({ original: missingEnd, destination: join(folder, 'no-end-preview.webp'), longSide: 200, format: 'webp' });
    expect((await readFile(join(folder, 'no-end-preview.webp'))).equals(await readFile(join(folder, 'whole-preview.webp')))).toBe(true);
    expect((await readFile(missingEnd)).equals(withoutEnd(baseline))).toBe(true);
  });
});

describe('a JPEG cut inside its scan data', () => {
  it.each([
    ['baseline', () => baseline],
    ['progressive', () => progressive],
  ])('%s: is still refused as truncated or damaged', async (_kind, whole) => {
    expect(await refusal(cutMidScan(whole()))).toBe('file is truncated or damaged (VipsJpeg: premature end of JPEG image)');
  });

  it('would pass a decode failing on errors only once the marker is appended: the second decode must fail on warnings too', async () => {
    const patched = Buffer.concat([cutMidScan(baseline), Buffer.from([0xff, 0xd9])]);
    await expect(sharp(patched, { failOn: 'error' }).raw().toBuffer()).resolves.toBeInstanceOf(Buffer);
    await expect(sharp(patched, { failOn: 'warning' }).raw().toBuffer()).rejects.toThrow(/Corrupt JPEG data: premature end of data segment/);
  });
});

describe('decoding only once where once is enough', () => {
  async function decodes(bytes: Buffer): Promise<number> {
    let calls = 0;
    await decodeAllowingMissingJpegEnd(bytes, async (input, failOn) => {
      calls++;
      await sharp(input, { failOn }).raw().toBuffer();
    }).catch(() => undefined);
    return calls;
  }

  it('decodes a whole JPEG, a cut PNG and a cut JPEG that does end in FF D9 once, a JPEG missing its end marker twice', async () => {
    const png = await sharp(baseline).png().toBuffer();
    expect(isJpegWithoutEndMarker(baseline)).toBe(false);
    expect(await decodes(baseline)).toBe(1);
    expect(await decodes(cutMidScan(png))).toBe(1);
    expect(await decodes(Buffer.concat([baseline.subarray(0, 600), Buffer.from([0xff, 0xd9])]))).toBe(1);
    expect(await decodes(withoutEnd(baseline))).toBe(2);
  });
});
