import { errorFields } from '../../logging/logger';
import { processLogger } from '../../logging/process-logger';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LumenFailure } from '../../../../src-common/result';
import { explainWriteError, storageFailure } from '../../library/storage-failure';
import type { PreparedImage } from '../../model/image-preprocessor';
import { describeDecodeError } from '../../photos/describe-decode-error';
import { isMissingFileError } from '../file-problem';
import { readPhotoFields } from '../../photos/metadata/read-photo-fields';
import { sharedGazetteer } from '../../places/gazetteer';
import { makeThumbnail, thumbnailRelativePath, thumbnailSizeFor } from '../../photos/thumbnail';
import { decodeForModel, prepareDecoded, type ModelInput } from './decode-for-model';
import type { EmbeddedPhoto, FailedPhoto, FileJob } from './protocol';
import { readPhotoFile, type PhotoFileBytes } from './read-photo-file';

export type DecodedPhoto = Omit<EmbeddedPhoto, 'embedding'> & { prepared: PreparedImage };

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Read, decode, describe and thumbnail one photo, and prepare its model input: the file is read
 * once (and hashed only if the indexer has not: see readPhotoFile), decoded once at the size its
 * consumers need, and the thumbnail and the model input are both made from that one buffer.
 */
export async function decodePhotoJob(job: FileJob, model: ModelInput, libraryDir: string): Promise<DecodedPhoto | FailedPhoto> {
  const fail = (reason: string): FailedPhoto => ({ ok: false, path: job.path, size: job.size, mtimeMs: job.mtimeMs, reason });
  let file: PhotoFileBytes;
  try {
    file = await readPhotoFile(job);
  } catch (error) {
    return isMissingFileError(error) ? { ...fail(describeDecodeError(error)), missing: true } : fail(describeDecodeError(error));
  }
  const { bytes, contentHash } = file;
  if (bytes.length === 0) return fail('empty file (0 bytes)');
  try {
    const decoded = await decodeForModel(bytes, model, job.path);
    const metadata = await readPhotoFields({ path: job.path, bytes, mtimeMs: job.mtimeMs, exif: decoded.exif }, sharedGazetteer);
    const thumbnail = thumbnailRelativePath(contentHash);
    const thumbnailPath = join(libraryDir, thumbnail);
    if (!(await exists(thumbnailPath)))
      await saveThumbnail(
        thumbnailPath,
        await makeThumbnail(decoded.image, thumbnailSizeFor({ width: decoded.originalWidth, height: decoded.originalHeight })),
      );
    const prepared = await prepareDecoded(decoded.image, model);
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
    // The library's disk, not the photo: it stops the run (see saveThumbnail) instead of marking the photo bad.
    if (error instanceof LumenFailure) throw error;
    return fail(describeDecodeError(error, bytes));
  }
}

/**
 * Writes a thumbnail under a temporary name and renames it, so a killed run never leaves half a
 * thumbnail. A write that fails is the library folder's problem (a full or read-only disk), never
 * the photo's: recording the photo as unreadable would hide it until the file changed, long after
 * space was freed. So it throws a LumenFailure that ends the batch and the run, naming the cause.
 */
export async function saveThumbnail(thumbnailPath: string, webp: Buffer): Promise<void> {
  const partial = `${thumbnailPath}.${process.pid}.part`;
  try {
    await mkdir(dirname(thumbnailPath), { recursive: true });
    await writeFile(partial, webp);
    await rename(partial, thumbnailPath);
  } catch (error) {
    // The write's own failure is the one to report; a stray .part file is never read as a thumbnail.
    await rm(partial, { force: true }).catch((leftover: unknown) =>
      processLogger().debug(errorFields(leftover, { partial }), 'a partial thumbnail was not removed'),
    );
    const where = `the thumbnail ${thumbnailPath}`;
    const cause = await explainWriteError(error, thumbnailPath);
    throw (
      storageFailure(cause, where, { writing: true, keepWhere: true }) ??
      new LumenFailure('library-write-failed', `Lumen could not write ${where}: ${(error as Error).message}`)
    );
  }
}
