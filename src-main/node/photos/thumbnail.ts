import sharp from 'sharp';
import type { RgbImage } from '../model/rgb-image';

export const THUMBNAIL_SIZE = 320;

export interface ThumbnailSize {
  width: number;
  height: number;
}

/** The thumbnail's size for a photo of this upright size: within THUMBNAIL_SIZE², aspect kept, never enlarged. */
export function thumbnailSizeFor(upright: ThumbnailSize): ThumbnailSize {
  const shrink = Math.max(upright.width, upright.height) / THUMBNAIL_SIZE;
  if (shrink <= 1) return { width: upright.width, height: upright.height };
  return { width: Math.max(1, Math.round(upright.width / shrink)), height: Math.max(1, Math.round(upright.height / shrink)) };
}

/**
 * A WebP thumbnail of `size` (thumbnailSizeFor the original photo, so that it does not depend on
 * the size the photo was decoded at), made from the already decoded, upright pixels: no resample
 * when they have that size already, never enlarged. Effort 0: a third of effort 4's encode time
 * for the same PSNR and ~20 % more bytes; JPEG at that PSNR is 60 % larger, AVIF ten times slower
 * (docs/BENCHMARKS.md, `npm run bench -- decode`).
 */
export async function makeThumbnail(image: RgbImage, size: ThumbnailSize): Promise<Buffer> {
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const fits = size.width <= image.width && size.height <= image.height;
  const resized = fits
    ? source.resize({ width: size.width, height: size.height, fit: 'fill' })
    : source.resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true });
  return resized.webp({ quality: 78, effort: 0 }).toBuffer();
}

/** Thumbnails are keyed by content hash, so duplicates and moved files share one. */
export function thumbnailRelativePath(contentHash: string): string {
  return `thumbnails/${contentHash.slice(0, 2)}/${contentHash}.webp`;
}
