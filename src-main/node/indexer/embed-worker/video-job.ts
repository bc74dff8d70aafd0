import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LumenFailure } from '../../../../src-common/result';
import type { PreparedImage } from '../../model/image-preprocessor';
import { makeThumbnail, thumbnailRelativePath, thumbnailSizeFor } from '../../photos/thumbnail';
import { extractFrame, frameSizeFor } from '../../videos/extract-frame';
import { keyframeTimes } from '../../videos/keyframe-times';
import { probeVideo, type VideoProbe } from '../../videos/probe-video';
import { detectSceneChanges } from '../../videos/scene-changes';
import { VideoToolError } from '../../videos/run-tool';
import { videoFormatOf } from '../../videos/video-formats';
import type { VideoTools } from '../../videos/video-tools';
import { sharedGazetteer } from '../../places/gazetteer';
import { hashFile } from '../content-hash';
import { isMissingFileError } from '../file-problem';
import { prepareDecoded, type ModelInput } from './decode-for-model';
import { saveThumbnail } from './photo-job';
import type { EmbeddedPhoto, FailedPhoto, FileJob } from './protocol';

/** A video decoded for embedding: its description, and the prepared model input of each keyframe with its moment. */
export type DecodedVideo = Omit<EmbeddedPhoto, 'embedding' | 'video'> & {
  probe: VideoProbe;
  frames: { timeMs: number; prepared: PreparedImage }[];
};

/** Why a video could not be indexed, in words for a person. */
export function describeVideoError(error: unknown): string {
  if (isMissingFileError(error)) return 'file disappeared before it could be read';
  const detail = error instanceof Error ? (error.message.split('\n')[0]?.trim() ?? '') : String(error);
  if (error instanceof VideoToolError) {
    if (/no video stream/.test(detail)) return 'the file has no video stream (audio only, or not a video)';
    if (/Invalid data found|moov atom not found|could not find codec|EBML header parsing failed|End of file/i.test(detail)) {
      return `video is damaged or not a video this decoder reads (${detail})`;
    }
    if (/Decoder .* not found|unsupported codec|not implemented/i.test(detail))
      return `this video uses a codec the installed ffmpeg does not support (${detail})`;
    return `cannot decode video (${detail})`;
  }
  return `cannot decode video (${detail})`;
}

/** The content hash the indexer sent while the file still has the size and mtime it saw; else hashed here, streamed. */
async function contentHashOf(job: FileJob): Promise<{ contentHash: string; size: number }> {
  const info = await stat(job.path);
  if (job.contentHash !== undefined && info.size === job.size && Math.trunc(info.mtimeMs) === job.mtimeMs)
    return { contentHash: job.contentHash, size: info.size };
  return hashFile(job.path);
}

/**
 * Describes a video from its container (ffprobe), decodes a frame at each keyframe moment
 * (keyframe-times.ts), thumbnails the first and prepares each for the model. The file is never
 * read whole: ffmpeg seeks to each moment.
 */
export async function decodeVideoJob(job: FileJob, model: ModelInput, libraryDir: string, tools: VideoTools): Promise<DecodedVideo | FailedPhoto> {
  const fail = (reason: string): FailedPhoto => ({ ok: false, path: job.path, size: job.size, mtimeMs: job.mtimeMs, reason });
  try {
    const { contentHash, size } = await contentHashOf(job);
    if (size === 0) return fail('empty file (0 bytes)');
    const probe = await probeVideo(tools.ffprobe, job.path);
    const frameSize = frameSizeFor(probe.width, probe.height);
    const frames: DecodedVideo['frames'] = [];
    const thumbnail = thumbnailRelativePath(contentHash);
    // Scene changes choose the moments; a video where they cannot be found gets the fixed interval.
    const sceneChanges = probe.durationMs === null ? [] : await detectSceneChanges(tools.ffmpeg, job.path, probe.streamIndex).catch(() => []);
    for (const timeMs of keyframeTimes(probe.durationMs, sceneChanges)) {
      const image = await extractFrame(tools.ffmpeg, job.path, probe.streamIndex, timeMs, frameSize).catch((error: unknown) => {
        // A frame past a truncated end: the frames before it still describe the video.
        if (frames.length > 0) return null;
        throw error;
      });
      if (!image) break;
      if (frames.length === 0) await saveThumbnail(join(libraryDir, thumbnail), await makeThumbnail(image, thumbnailSizeFor(probe)));
      frames.push({ timeMs, prepared: await prepareDecoded(image, model) });
    }
    const { latitude, longitude, altitude } = probe;
    const place =
      latitude !== null && longitude !== null
        ? await sharedGazetteer().then(
            (g) => g.placeOf(latitude, longitude),
            () => null,
          )
        : null;
    return {
      ok: true,
      path: job.path,
      size,
      mtimeMs: job.mtimeMs,
      contentHash,
      width: probe.width,
      height: probe.height,
      format: videoFormatOf(job.path),
      takenAt: probe.takenAt,
      // The container's creation time, written by the camera as EXIF is for a photo.
      takenAtSource: probe.takenAt === null ? null : 'exif',
      timeOffset: null,
      latitude,
      longitude,
      altitude,
      placeCity: place?.city ?? null,
      placeRegion: place?.region ?? null,
      placeCountry: place?.country ?? null,
      placeCountryCode: place?.countryCode ?? null,
      cameraMake: null,
      cameraModel: null,
      thumbnail,
      probe,
      frames,
    };
  } catch (error) {
    if (error instanceof LumenFailure) throw error;
    const outcome = fail(describeVideoError(error));
    return isMissingFileError(error) ? { ...outcome, missing: true } : outcome;
  }
}

/** One vector for the video as a whole (more-like-this, classify, duplicates): the mean of its frames' unit vectors. */
export function meanOfUnitVectors(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (!first) throw new Error('a video with no frame vectors');
  const mean = new Float32Array(first.length);
  for (const vector of vectors) {
    let length = 0;
    for (const x of vector) length += x * x;
    const scale = length > 0 ? 1 / Math.sqrt(length) / vectors.length : 0;
    for (let i = 0; i < vector.length; i++) mean[i] = (mean[i] ?? 0) + (vector[i] ?? 0) * scale;
  }
  return mean;
}
