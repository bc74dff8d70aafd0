import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageTextModel } from '../../model/image-text-model';
import type { PreparedImage } from '../../model/image-preprocessor';
import { describeDecodeError } from '../../photos/describe-decode-error';
import { readPhotoMetadata } from '../../photos/photo-metadata';
import { makeThumbnail, thumbnailRelativePath } from '../../photos/thumbnail';
import { decodeForIndex } from './decode-for-index';
import type { EmbeddedPhoto, FailedPhoto, FileJob } from './protocol';

export type DecodedPhoto = Omit<EmbeddedPhoto, 'embedding'> & { prepared: PreparedImage };

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Read, hash, decode, describe and thumbnail one photo, and prepare its model input. */
export async function decodePhotoJob(job: FileJob, model: ImageTextModel, libraryDir: string): Promise<DecodedPhoto | FailedPhoto> {
  const fail = (reason: string): FailedPhoto => ({ ok: false, path: job.path, size: job.size, mtimeMs: job.mtimeMs, reason });
  let bytes: Buffer;
  try {
    bytes = await readFile(job.path);
  } catch (error) {
    return fail(describeDecodeError(error));
  }
  if (bytes.length === 0) return fail('empty file (0 bytes)');
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  try {
    const decoded = await decodeForIndex(bytes);
    const metadata = await readPhotoMetadata(decoded.exif);
    const thumbnail = thumbnailRelativePath(contentHash);
    const thumbnailPath = join(libraryDir, thumbnail);
    if (!(await exists(thumbnailPath))) {
      await mkdir(dirname(thumbnailPath), { recursive: true });
      // Written under a temporary name and renamed, so a killed run never leaves half a thumbnail.
      const partial = `${thumbnailPath}.${process.pid}.part`;
      await writeFile(partial, await makeThumbnail(decoded.image));
      await rename(partial, thumbnailPath);
    }
    const prepared = await model.prepareImage(decoded.image);
    return {
      ok: true,
      path: job.path,
      size: bytes.length,
      mtimeMs: job.mtimeMs,
      contentHash,
      width: decoded.originalWidth,
      height: decoded.originalHeight,
      format: decoded.format,
      ...metadata,
      thumbnail,
      prepared,
    };
  } catch (error) {
    return fail(describeDecodeError(error));
  }
}
