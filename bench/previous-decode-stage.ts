/**
 * The indexer's decode stage as it was before decoding went to the size the model and thumbnail
 * need (commit fb0c8cb), kept here only so the benchmarks and the fidelity test can measure the new
 * stage against it on the same photos: read the file, sha256 it again (the indexer had already),
 * decode "shrink-on-load" to a 640-px short side (which sharp turns into a 1/2 DCT scale plus a
 * lanczos reduce for a 12-MP JPEG), thumbnail (WebP q78, effort 4) and model input from that.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { FileJob } from '../src-main/node/indexer/embed-worker/protocol';
import type { PreparedImage } from '../src-main/node/model/image-preprocessor';
import type { RgbImage } from '../src-main/node/model/rgb-image';
import { MAX_INPUT_PIXELS } from '../src-main/node/photos/decode-image';
import { readPhotoMetadata, type PhotoMetadata } from '../src-main/node/photos/photo-metadata';
import { thumbnailRelativePath } from '../src-main/node/photos/thumbnail';

export const PREVIOUS_DECODE_SHORT_SIDE = 640;

export interface PreviousDecoded {
  image: RgbImage;
  exif: Buffer | undefined;
  format: string;
}

export async function previousDecodeForIndex(bytes: Buffer): Promise<PreviousDecoded> {
  const source = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 });
  const metadata = await source.metadata();
  const { data, info } = await source
    .rotate()
    .resize({ width: PREVIOUS_DECODE_SHORT_SIDE, height: PREVIOUS_DECODE_SHORT_SIDE, fit: 'outside', withoutEnlargement: true, fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
    exif: metadata.exif,
    format: metadata.format ?? 'unknown',
  };
}

export function previousThumbnail(image: RgbImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78 })
    .toBuffer();
}

export interface PreviousStageResult {
  contentHash: string;
  metadata: PhotoMetadata;
  thumbnail: string;
  prepared: PreparedImage;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** One photo through the previous decode stage, thumbnail written as the worker wrote it (temporary name, then renamed). */
export async function previousDecodePhotoJob(
  job: FileJob,
  prepare: (image: RgbImage) => Promise<PreparedImage>,
  libraryDir: string,
): Promise<PreviousStageResult> {
  const bytes = await readFile(job.path);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const decoded = await previousDecodeForIndex(bytes);
  const metadata = await readPhotoMetadata(decoded.exif);
  const thumbnail = thumbnailRelativePath(contentHash);
  const thumbnailPath = join(libraryDir, thumbnail);
  if (!(await exists(thumbnailPath))) {
    const partial = `${thumbnailPath}.${process.pid}.part`;
    await mkdir(dirname(thumbnailPath), { recursive: true });
    await writeFile(partial, await previousThumbnail(decoded.image));
    await rename(partial, thumbnailPath);
  }
  return { contentHash, metadata, thumbnail, prepared: await prepare(decoded.image) };
}
