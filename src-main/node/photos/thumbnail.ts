import sharp from 'sharp';
import type { RgbImage } from '../model/rgb-image';

export const THUMBNAIL_SIZE = 320;

/** A WebP thumbnail fitting in THUMBNAIL_SIZE², made from the already decoded, upright pixels. */
export async function makeThumbnail(image: RgbImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78 })
    .toBuffer();
}

/** Thumbnails are keyed by content hash, so duplicates and moved files share one. */
export function thumbnailRelativePath(contentHash: string): string {
  return `thumbnails/${contentHash.slice(0, 2)}/${contentHash}.webp`;
}
