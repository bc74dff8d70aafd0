/**
 * The calls between the host (CLI, app main, server) and the embed worker process, over the one channel (src-common/channel.ts).
 * Typed arrays travel intact because the channel uses structured-clone ("advanced") serialization.
 */
import type { LogRecord } from '../../logging/process-logger';
import type { ModelStatus } from '../../../../src-common/contract';
import type { DeviceChoice } from '../../model/execution-device';
import type { PhotoPlaceFields } from '../../library/photo-repository';
import type { PreviewJob } from '../../photos/preview-copy';

export interface FileJob {
  path: string;
  size: number;
  mtimeMs: number;
  /** sha256 the indexer computed when the file had this size and mtime; the worker then does not hash it again. */
  contentHash?: string;
}

/** The place fields travel when the worker read them (photos); a job that has none leaves them out. */
export interface EmbeddedPhoto extends Partial<PhotoPlaceFields> {
  ok: true;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  width: number;
  height: number;
  format: string;
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** Relative to the library folder; the worker has written it already. */
  thumbnail: string;
  /** For a video: the mean of its frames' unit vectors (see `video` for each frame's own). */
  embedding: Float32Array;
  /** Set for a video: what its container says, and a vector per keyframe with its moment. */
  video?: EmbeddedVideo;
}

export interface EmbeddedVideo {
  durationMs: number | null;
  rotation: number;
  codec: string;
  latitude: number | null;
  longitude: number | null;
  altitude: number | null;
  contentIdentifier: string | null;
  frames: { timeMs: number; embedding: Float32Array }[];
}

export interface FailedPhoto {
  ok: false;
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
  /**
   * The file was not there when it was read (ENOENT): removed, or its drive went away. Nothing is
   * wrong with the file, so the indexer records no error; if it comes back, the next run finds it.
   */
  missing?: true;
}

export type PhotoOutcome = EmbeddedPhoto | FailedPhoto;

/** An image outside the library: a file to read, or bytes (a drag-and-drop without a file). */
export type ImageSource = { path: string } | { bytes: Uint8Array };

export type ImageVectorOutcome = { ok: true; vector: Float32Array } | { ok: false; reason: string };

/** The worker's calls over the one channel (src-common/channel.ts): each one's arguments and answer. */
export type WorkerCalls = {
  /** `expectedSha256`: the files' hashes recorded at install, checked before the model loads (see ModelLoadOptions). */
  'load-model': {
    args: { folder: string; executionProviders?: string[]; intraOpThreads?: number; device?: DeviceChoice; expectedSha256?: Record<string, string> };
    result: ModelStatus;
  };
  /** `decodeConcurrency`: photos decoded at once (see pool-shape.ts); default 1. */
  'embed-files': { args: { files: FileJob[]; libraryDir: string; decodeConcurrency?: number }; result: PhotoOutcome[] };
  'embed-texts': { args: { texts: string[] }; result: Float32Array[] };
  /** Vectors of images that need not be in the library (search by example, classify); writes nothing. */
  'embed-images': { args: { images: ImageSource[] }; result: ImageVectorOutcome[] };
  /** Benchmark probe: `batches` inferences of `batchSize` copies of one prepared photo, the model-only ceiling. */
  'infer-synthetic': { args: { batchSize: number; batches: number }; result: { seconds: number; photos: number } };
  /** A preview copy of an original the window's browser cannot draw (TIFF, HEIC, RAW, JPEG XL), written where asked. */
  'make-preview': { args: PreviewJob; result: null };
  /** Peak resident memory of the worker process so far, for benchmarks. */
  'resource-usage': { args: Record<string, never>; result: { maxRssBytes: number } };
};

export type WorkerCallName = keyof WorkerCalls;

/** What the worker pushes to its host: its log lines, which the host writes to the library's log. */
export type WorkerEvents = { log: LogRecord };
