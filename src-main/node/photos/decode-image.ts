import sharp from 'sharp';
import type { RgbImage } from '../model/rgb-image';
import { decodeAllowingMissingJpegEnd, type DecodeStrictness } from './jpeg-end-marker';

/** Photos whose header claims more pixels than this are refused before decoding (decompression bombs). */
export const MAX_INPUT_PIXELS = 250_000_000;

export interface DecodedImage {
  image: RgbImage;
  /** Format as libvips reports it: jpeg, png, webp, tiff, gif, heif, … */
  format: string;
  /** Raw EXIF block when present, for metadata extraction. */
  exif: Buffer | undefined;
}

/**
 * Decode a file or buffer to upright 8-bit RGB. First frame/page only (GIF, multi-page TIFF),
 * EXIF orientation applied, 16-bit and CMYK converted to sRGB, alpha removed.
 * Throws on unreadable input; callers turn that into an error row. A JPEG missing only its end
 * marker is read (jpeg-end-marker.ts).
 */
export async function decodeImage(input: string | Buffer): Promise<DecodedImage> {
  return decodeAllowingMissingJpegEnd(input, decodeStrictly);
}

async function decodeStrictly(input: string | Buffer, failOn: DecodeStrictness): Promise<DecodedImage> {
  const source = sharp(input, { failOn, limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 });
  const metadata = await source.metadata();
  const { data, info } = await source.rotate().toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) {
    throw new Error(`expected 3 colour channels after conversion, got ${info.channels}`);
  }
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
    format: metadata.format ?? 'unknown',
    exif: metadata.exif,
  };
}
