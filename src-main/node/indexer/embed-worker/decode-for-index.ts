import sharp from 'sharp';
import type { DecodedImage } from '../../photos/decode-image';
import { MAX_INPUT_PIXELS } from '../../photos/decode-image';

/**
 * Shorter side, in pixels, of the image the indexer works from (never enlarged). The model input
 * (224–384 px) and the 320-px thumbnail are resampled from it with room to spare. 640 rather than
 * 768 lets a 12-MP JPEG (3000 px short side) decode at 1/4 scale instead of 1/2.
 */
export const INDEX_DECODE_SHORT_SIDE = 640;

export interface IndexDecodedImage extends DecodedImage {
  /** Upright size of the original photo (what the library records), not of the decoded copy. */
  originalWidth: number;
  originalHeight: number;
}

/**
 * Decodes a photo for indexing at a reduced size. Resizing in the same pipeline lets libvips use
 * shrink-on-load (JPEG DCT scaling, WebP/HEIF scaled decoding), so a 12-MP JPEG never materialises
 * at full resolution: most of the decode cost and ~35 MB of memory per photo are saved.
 * Same refusals as decodeImage: damaged data, pixel bombs, first page/frame only.
 */
export async function decodeForIndex(bytes: Buffer, shortSide: number = INDEX_DECODE_SHORT_SIDE): Promise<IndexDecodedImage> {
  const source = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 });
  const metadata = await source.metadata();
  const upright = metadata.autoOrient;
  const { data, info } = await source
    .rotate()
    .resize({ width: shortSide, height: shortSide, fit: 'outside', withoutEnlargement: true, fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 colour channels after conversion, got ${info.channels}`);
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
    format: metadata.format ?? 'unknown',
    exif: metadata.exif,
    originalWidth: upright?.width ?? info.width,
    originalHeight: upright?.height ?? info.height,
  };
}
