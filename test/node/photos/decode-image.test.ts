import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { describeDecodeError } from '../../../src-main/node/photos/describe-decode-error';

const corpus = join(import.meta.dirname, '../../fixtures/corpus');

async function reasonFor(input: string | Buffer): Promise<string> {
  try {
    await decodeImage(input);
  } catch (error) {
    return describeDecodeError(error);
  }
  throw new Error('expected decoding to fail');
}

describe('decodeImage', () => {
  it.each([
    'photos/chelsea.png',
    'photos/rocket.jpg',
    'hard/chessboard_GRAY_U16.tif',
    'hard/multipage.tif',
    'hard/no_time_for_that_tiny.gif',
    'hard/foo3x5x4indexed.png',
    'hard/palette_color.png',
    'hard/block.png',
  ])('decodes %s to 8-bit RGB', async (file) => {
    const decoded = await decodeImage(join(corpus, file));
    expect(decoded.image.data.length).toBe(decoded.image.width * decoded.image.height * 3);
    expect(decoded.image.width).toBeGreaterThan(0);
  });

  it.each(['webp', 'avif', 'tiff', 'gif'] as const)('decodes %s written by libvips', async (format) => {
    const encoded = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: 20, g: 120, b: 220 } } })
      .toFormat(format)
      .toBuffer();
    const decoded = await decodeImage(encoded);
    expect([decoded.image.width, decoded.image.height]).toEqual([24, 16]);
    expect(decoded.image.data[2]).toBeGreaterThan(150);
  });

  it('applies EXIF orientation before anything sees the pixels', async () => {
    const wide = await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 10, b: 10 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const decoded = await decodeImage(wide);
    expect([decoded.image.width, decoded.image.height]).toEqual([20, 40]);
  });

  it('names the reason for a truncated JPEG', async () => {
    expect(await reasonFor(join(corpus, 'hard/truncated.jpg'))).toMatch(/truncated|damaged/);
  });

  it('names the reason for a file that is not an image', async () => {
    expect(await reasonFor(Buffer.from('this is a text file pretending to be a JPEG'))).toMatch(/not a supported image/);
  });

  it('refuses a decompression bomb from its header alone', async () => {
    // A valid PNG header claiming 30000 × 30000 pixels (900 MP) with almost no data.
    const header = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const bomb = Buffer.from(header);
    bomb.writeUInt32BE(30_000, 16);
    bomb.writeUInt32BE(30_000, 20);
    expect(await reasonFor(bomb)).toMatch(/too large|damaged/);
  });
});
