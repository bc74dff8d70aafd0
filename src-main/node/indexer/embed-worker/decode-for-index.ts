import sharp from 'sharp';
import type { DecodedImage } from '../../photos/decode-image';
import { MAX_INPUT_PIXELS } from '../../photos/decode-image';
import type { ImageSize } from './index-decode-size';

export interface IndexDecodedImage extends DecodedImage {
  /** Upright size of the original photo (what the library records), not of the decoded copy. */
  originalWidth: number;
  originalHeight: number;
}

/**
 * Decodes a photo once, upright, at the size `sizeFor` picks from its upright full size (see
 * indexDecodeSize). The resize is in the decoding pipeline and nothing in it stops libvips from
 * shrinking on load (no extract or trim before it, no pipeline colourspace, orientation applied
 * after the resize), so a JPEG is decoded by DCT scaling, at 1/8 of its size for a 12-MP photo
 * and a thumbnail-sized result, never at full resolution; WebP is decoded scaled likewise.
 * Same refusals as decodeImage: damaged data, pixel bombs, first page/frame only.
 */
export async function decodeForIndex(bytes: Buffer, sizeFor: (upright: ImageSize) => ImageSize): Promise<IndexDecodedImage> {
  const source = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 });
  const metadata = await source.metadata();
  const upright = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
  const target = sizeFor(upright);
  let pipeline = source.rotate();
  if (target.width !== upright.width || target.height !== upright.height) {
    // fastShrinkOnLoad: sharp may then pick 1/8 for a shrink of 9× or more (1/4 from 5×); without it, only from 16× (8×).
    pipeline = pipeline.resize({ width: target.width, height: target.height, fit: 'fill', fastShrinkOnLoad: true });
  }
  const { data, info } = await pipeline.toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 colour channels after conversion, got ${info.channels}`);
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
    format: metadata.format ?? 'unknown',
    exif: metadata.exif,
    originalWidth: upright.width,
    originalHeight: upright.height,
  };
}
