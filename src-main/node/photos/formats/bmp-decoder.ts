import { decode } from 'bmp-ts';
import type { DecodedPixels } from './decoded-pixels';
import { ImageFormatError } from './image-format-error';

/**
 * BMP (every bit depth, RLE4/RLE8, bit fields) through bmp-ts: libvips as sharp ships it has no
 * BMP reader. Only 32-bit BMPs can carry transparency; below that the decoder's fourth byte is
 * filler (0), which would read as fully transparent, so it is dropped. A 32-bit file whose alpha
 * is 0 everywhere was written by a program that ignores alpha: opaque too.
 */
export function decodeBmp(bytes: Buffer, maxPixels: number): DecodedPixels {
  // BITMAPINFOHEADER and later: signed 32-bit width and height at 18 and 22 (height < 0: top-down).
  if (bytes.length >= 26 && bytes.readUInt32LE(14) >= 40) {
    const claimed = Math.abs(bytes.readInt32LE(18)) * Math.abs(bytes.readInt32LE(22));
    if (claimed > maxPixels) throw new ImageFormatError(`image is too large to decode safely (its header claims ${Math.round(claimed / 1e6)} megapixels)`);
  }
  let bmp: ReturnType<typeof decode>;
  try {
    bmp = decode(bytes, { toRGBA: true });
  } catch (error) {
    // bmp-ts reads past the end of a file cut short with a Buffer bounds check ("The value of "offset" is out of range…").
    if (error instanceof RangeError) throw new ImageFormatError('the BMP file is truncated: it ends before the pixels its header describes', { cause: error });
    throw new ImageFormatError(`the BMP file is damaged or uses a variant Lumen cannot read (${(error as Error).message})`, { cause: error });
  }
  const { width, height } = bmp;
  const rgba = bmp.data;
  if (!(width > 0 && height > 0) || rgba.length < width * height * 4)
    throw new ImageFormatError('the BMP file is damaged: its pixel data is shorter than its header says');
  const pixels = width * height;
  let hasAlpha = false;
  if (bmp.bitPP === 32) {
    for (let i = 3; i < pixels * 4; i += 4) {
      if (rgba[i] !== 0) {
        hasAlpha = true;
        break;
      }
    }
  }
  if (hasAlpha) return { data: Buffer.from(rgba.subarray(0, pixels * 4)), width, height, channels: 4, premultiplied: false };
  const rgb = Buffer.allocUnsafe(pixels * 3);
  for (let i = 0, o = 0; i < pixels * 4; i += 4, o += 3) {
    rgb[o] = rgba[i] as number;
    rgb[o + 1] = rgba[i + 1] as number;
    rgb[o + 2] = rgba[i + 2] as number;
  }
  return { data: rgb, width, height, channels: 3, premultiplied: false };
}
