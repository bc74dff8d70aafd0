import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPhotoMetadata } from '../../../src-main/node/photos/photo-metadata';

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
    expect(await readPhotoMetadata(exif)).toEqual({ takenAt: '2024-07-14T18:30:05', cameraMake: 'Fujifilm', cameraModel: 'X100V' });
  });

  it('gives nulls, not an error, for missing or broken EXIF', async () => {
    expect(await readPhotoMetadata(undefined)).toEqual({ takenAt: null, cameraMake: null, cameraModel: null });
    expect(await readPhotoMetadata(Buffer.from('Exif\0\0garbage'))).toEqual({ takenAt: null, cameraMake: null, cameraModel: null });
  });
});
