import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPhotoMetadata } from '../../../src-main/node/photos/photo-metadata';

const FIXTURES = join(import.meta.dirname, '../../fixtures/metadata');

describe('readPhotoMetadata', () => {
  it('reads the capture date and camera from EXIF', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'Fujifilm', Model: 'X100V' },
        IFD2: { DateTimeOriginal: '2024:07:14 18:30:05' },
      })
      .toBuffer();
    const { exif } = await sharp(jpeg).metadata();
    expect(await readPhotoMetadata(exif)).toEqual({
      takenAt: '2024-07-14T18:30:05',
      timeOffset: null,
      cameraMake: 'Fujifilm',
      cameraModel: 'X100V',
      location: null,
    });
  });

  it('gives nulls, not an error, for missing or broken EXIF', async () => {
    const empty = { takenAt: null, timeOffset: null, cameraMake: null, cameraModel: null, location: null };
    expect(await readPhotoMetadata(undefined)).toEqual(empty);
    expect(await readPhotoMetadata(Buffer.from('Exif\0\0garbage'))).toEqual(empty);
  });

  it('reads GPS (signed by its references), altitude and the zone exiftool wrote', async () => {
    const { exif } = await sharp(join(FIXTURES, 'lisbon-exif-gps.jpg')).metadata();
    const metadata = await readPhotoMetadata(exif);
    expect(metadata).toMatchObject({ takenAt: '2024-07-14T18:30:05', timeOffset: '+01:00', cameraMake: 'Google', cameraModel: 'Pixel 7' });
    expect(metadata.location?.latitude).toBeCloseTo(38.7075, 4);
    expect(metadata.location?.longitude).toBeCloseTo(-9.1364, 4);
    expect(metadata.location?.altitude).toBeCloseTo(45, 3);
  });

  it('passes over impossible EXIF dates (a month 13, an hour 25, day 00) to the next stamp, and gives none when every stamp is impossible', async () => {
    const withStamps = async (stamps: Record<string, string>): Promise<Buffer | undefined> => {
      const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
        .jpeg()
        .withExif({ IFD2: stamps })
        .toBuffer();
      return (await sharp(jpeg).metadata()).exif;
    };
    const fallsBack = await readPhotoMetadata(await withStamps({ DateTimeOriginal: '2021:13:45 25:61:61', DateTimeDigitized: '2021:05:01 10:00:00' }));
    expect(fallsBack.takenAt).toBe('2021-05-01T10:00:00');
    for (const impossible of ['2021:13:45 25:61:61', '2005:00:00 00:00:00', '2023:02:30 12:00:00', '2023:06:01 24:00:00'])
      expect((await readPhotoMetadata(await withStamps({ DateTimeOriginal: impossible }))).takenAt, impossible).toBeNull();
  });

  it('takes a GPS fix of exactly 0,0 for none (what cameras write without a fix)', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '0/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '0/1 0/1 0/1' } })
      .toBuffer();
    const { exif } = await sharp(jpeg).metadata();
    expect((await readPhotoMetadata(exif)).location).toBeNull();
  });
});
