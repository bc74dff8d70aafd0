import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import exifr from 'exifr';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDecodeError } from '../../../../src-main/node/photos/describe-decode-error';
import { findDcrawEmu } from '../../../../src-main/node/photos/formats/libraw-command';
import { RawDecoder } from '../../../../src-main/node/photos/formats/raw-decoder';
import { readPhotoMetadata } from '../../../../src-main/node/photos/photo-metadata';

const fixtures = join(import.meta.dirname, '../../../fixtures/formats');
const exiftool = new ExifTool({ maxProcs: 1 });
const dcrawEmu = findDcrawEmu();

afterAll(async () => {
  await exiftool.end();
});

/**
 * Mean absolute difference per sample between an encoded image, made upright by its EXIF
 * orientation and then turned by `turn` degrees, and the reference cat, at the reference's size.
 */
async function differenceFromCat(encoded: Buffer, turn = 0): Promise<number> {
  const { data: expected, info } = await sharp(join(fixtures, 'cat-reference.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const upright = await sharp(encoded).rotate().png().toBuffer();
  const actual = await sharp(upright).rotate(turn).removeAlpha().resize(info.width, info.height, { fit: 'fill' }).raw().toBuffer();
  let sum = 0;
  for (let i = 0; i < expected.length; i++) sum += Math.abs((expected[i] as number) - (actual[i] as number));
  return sum / expected.length;
}

describe('RawDecoder', () => {
  const path = join(fixtures, 'cat-preview-rotated.dng');

  it("uses the embedded preview with the RAW's orientation, not the TIFF thumbnail sharp sees", async () => {
    const bytes = await readFile(path);
    // What a plain TIFF reader makes of a DNG: IFD0, the 96×64 thumbnail.
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 96, height: 64 });

    const source = await new RawDecoder({ exiftool, dcrawEmu: null }).open(bytes, path);
    expect(source.from).toBe('preview');
    // The sensor is 160×106 and Orientation 6 turns it upright to 106×160.
    expect(source.upright).toEqual({ width: 106, height: 160 });
    const upright = await sharp(source.encoded).rotate().toBuffer({ resolveWithObject: true });
    expect([upright.info.width, upright.info.height]).toEqual([320, 480]);
    // The fixture's scene is the cat turned a quarter clockwise: turned back, it is the cat.
    expect(await differenceFromCat(source.encoded, -90)).toBeLessThan(10);
    expect(await differenceFromCat(source.encoded, 90)).toBeGreaterThan(30);
  });

  it('reads date, camera and GPS from the RAW itself', async () => {
    const source = await new RawDecoder({ exiftool, dcrawEmu: null }).open(await readFile(path), path);
    expect(await readPhotoMetadata(source.exif)).toMatchObject({ takenAt: '2022-08-09T07:06:05', cameraMake: 'Lumen', cameraModel: 'Fixture DNG' });
    const gps = (await exifr.gps(source.exif as Buffer)) as { latitude: number; longitude: number };
    expect(gps.latitude).toBeCloseTo(38.7223, 3);
    expect(gps.longitude).toBeCloseTo(-9.1393, 3);
  });

  it('reads RAW bytes that came without a file name (a dropped file)', async () => {
    const source = await new RawDecoder({ exiftool, dcrawEmu: null }).open(await readFile(path), undefined);
    expect(source.from).toBe('preview');
    expect(source.upright).toEqual({ width: 106, height: 160 });
  });

  it('says what to install when a RAW has no preview and LibRaw is missing, without calling it damaged', async () => {
    const sensorOnly = join(fixtures, 'cat-sensor-only.dng');
    const error = await new RawDecoder({ exiftool, dcrawEmu: null }).open(await readFile(sensorOnly), sensorOnly).then(
      () => null,
      (e: unknown) => e,
    );
    const reason = describeDecodeError(error);
    expect(reason).toMatch(/no embedded preview/);
    expect(reason).toMatch(/libraw-bin/);
    expect(reason).not.toMatch(/damaged/);
  });

  it.skipIf(dcrawEmu === null)('develops the sensor data with LibRaw where there is no preview', async () => {
    const sensorOnly = join(fixtures, 'cat-sensor-only.dng');
    const source = await new RawDecoder({ exiftool, dcrawEmu }).open(await readFile(sensorOnly), sensorOnly);
    expect(source.from).toBe('libraw');
    expect(source.upright).toEqual({ width: 180, height: 120 });
    expect(await sharp(source.encoded).metadata()).toMatchObject({ width: 180, height: 120 });
    // Demosaiced from a 12-bit linear mosaic with a guessed camera matrix: close to the photo, not equal.
    expect(await differenceFromCat(source.encoded)).toBeLessThan(40);
  });

  it.skipIf(dcrawEmu === null)('develops with LibRaw when the preview is smaller than the caller needs', async () => {
    const source = await new RawDecoder({ exiftool, dcrawEmu }).open(await readFile(path), path, () => ({ width: 600, height: 900 }));
    expect(source.from).toBe('libraw');
    // LibRaw applies the orientation itself.
    expect(await sharp(source.encoded).metadata()).toMatchObject({ width: 106, height: 160 });
    expect(await differenceFromCat(source.encoded, -90)).toBeLessThan(40);
  });
});
