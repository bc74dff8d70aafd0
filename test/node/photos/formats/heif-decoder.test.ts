import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describeDecodeError } from '../../../../src-main/node/photos/describe-decode-error';
import { decodeHeif, type HeifPixels } from '../../../../src-main/node/photos/formats/heif-decoder';
import { readHeifExif } from '../../../../src-main/node/photos/formats/other-format-source';
import { readPhotoMetadata } from '../../../../src-main/node/photos/photo-metadata';

const fixtures = join(import.meta.dirname, '../../../fixtures/formats');
const MAX_PIXELS = 250_000_000;

async function fixture(name: string): Promise<Buffer> {
  return readFile(join(fixtures, name));
}

/** Mean absolute difference per sample between decoded pixels and an image file, both brought to the file's size. */
async function differenceFrom(pixels: HeifPixels, referenceFile: string, resizeReference?: { width: number; height: number }): Promise<number> {
  let reference = sharp(join(fixtures, referenceFile)).removeAlpha();
  if (resizeReference) reference = reference.resize(resizeReference.width, resizeReference.height, { fit: 'fill' });
  const { data: expected, info } = await reference.raw().toBuffer({ resolveWithObject: true });
  const actual = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
    .removeAlpha()
    .resize(info.width, info.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  let sum = 0;
  for (let i = 0; i < expected.length; i++) sum += Math.abs((expected[i] as number) - (actual[i] as number));
  return sum / expected.length;
}

describe('decodeHeif', () => {
  it('decodes an HEVC-coded HEIC to upright RGB of the photo it was made from', async () => {
    const pixels = await decodeHeif(await fixture('cat.heic'), { maxPixels: MAX_PIXELS });
    expect([pixels.width, pixels.height, pixels.channels]).toEqual([451, 300, 3]);
    expect(pixels.decoded).toBe('primary');
    expect(pixels.data.length).toBe(451 * 300 * 3);
    expect(await differenceFrom(pixels, 'cat-reference.png')).toBeLessThan(10);
  });

  it('decodes a camera .hif: 10-bit HEVC with 4:2:2 chroma, to 8-bit RGB', async () => {
    const pixels = await decodeHeif(await fixture('cat-10bit-422.hif'), { maxPixels: MAX_PIXELS });
    expect([pixels.width, pixels.height, pixels.channels]).toEqual([150, 100, 3]);
    expect(await differenceFrom(pixels, 'cat-reference.png')).toBeLessThan(10);
  });

  it('applies the container rotation once: EXIF Orientation 6 beside irot does not turn it again', async () => {
    const pixels = await decodeHeif(await fixture('cat-irot-and-exif-6.heic'), { maxPixels: MAX_PIXELS });
    // Stored 300×451 (turned a quarter anticlockwise); upright it is the landscape cat.
    expect([pixels.width, pixels.height]).toEqual([451, 300]);
    expect(await differenceFrom(pixels, 'cat-reference.png')).toBeLessThan(12);
  });

  it('decodes the primary image of a file holding several, not the first one', async () => {
    const pixels = await decodeHeif(await fixture('two-images-second-primary.heic'), { maxPixels: MAX_PIXELS });
    expect([pixels.width, pixels.height]).toEqual([240, 160]);
    expect(await differenceFrom(pixels, 'cat-reference.png')).toBeLessThan(12);
  });

  it('decodes the embedded thumbnail where it is as large as the caller needs, and reports the primary size', async () => {
    const bytes = await fixture('cat.heic');
    const small = await decodeHeif(bytes, { maxPixels: MAX_PIXELS, sizeFor: () => ({ width: 320, height: 212 }) });
    expect(small.decoded).toBe('thumbnail');
    expect([small.width, small.height]).toEqual([320, 212]);
    expect(small.primary).toEqual({ width: 451, height: 300 });
    expect(await differenceFrom(small, 'cat-reference.png')).toBeLessThan(12);

    const large = await decodeHeif(bytes, { maxPixels: MAX_PIXELS, sizeFor: () => ({ width: 400, height: 266 }) });
    expect(large.decoded).toBe('primary');
    expect([large.width, large.height]).toEqual([451, 300]);
  });

  it('refuses a primary image above the pixel limit before decoding it', async () => {
    await expect(decodeHeif(await fixture('cat.heic'), { maxPixels: 100_000 })).rejects.toThrow(/too large to decode safely/);
  });

  it('names a codec this build lacks as unsupported, not as damage, and still reads the EXIF date', async () => {
    // A valid HEIF whose codec (AV1) this libheif build has no decoder for.
    const unsupported = await sharp(join(fixtures, 'cat-reference.png'))
      .avif()
      .withExif({ IFD0: { Make: 'Apple' }, IFD2: { DateTimeOriginal: '2023:05:17 10:11:12' } })
      .toBuffer();
    const error = await decodeHeif(unsupported, { maxPixels: MAX_PIXELS }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    const reason = describeDecodeError(error);
    expect(reason).toMatch(/codec|feature/);
    expect(reason).not.toMatch(/damaged/);

    const metadata = await readPhotoMetadata(await readHeifExif(unsupported));
    expect(metadata).toMatchObject({ takenAt: '2023-05-17T10:11:12', cameraMake: 'Apple' });
  });

  it('reads EXIF with GPS from the container without decoding pixels', async () => {
    const exif = await readHeifExif(await fixture('cat.heic'));
    expect(await readPhotoMetadata(exif)).toMatchObject({ takenAt: '2023-05-17T10:11:12', cameraMake: 'Apple' });
    const gps = (await exifr.gps(exif as Buffer)) as { latitude: number; longitude: number };
    expect(gps.latitude).toBeCloseTo(38.7223, 3);
    expect(gps.longitude).toBeCloseTo(-9.1393, 3);
  });

  it('says a truncated file is damaged or incomplete', async () => {
    const truncated = (await fixture('cat.heic')).subarray(0, 4000);
    await expect(decodeHeif(truncated, { maxPixels: MAX_PIXELS })).rejects.toThrow(/damaged or incomplete/);
  });
});
