/**
 * Messages between the host (CLI, app main, server) and the embed worker process.
 * Typed arrays travel intact because the channel uses structured-clone ("advanced") serialization.
 */
import type { LumenError } from '../../../../src-common/result';
import type { ModelStatus } from '../../../../src-common/contract';

export interface FileJob {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface EmbeddedPhoto {
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
  embedding: Float32Array;
}

export interface FailedPhoto {
  ok: false;
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
}

export type PhotoOutcome = EmbeddedPhoto | FailedPhoto;

export interface WorkerCalls {
  'load-model': { args: { folder: string; executionProviders?: string[] }; result: ModelStatus };
  'embed-files': { args: { files: FileJob[]; libraryDir: string }; result: PhotoOutcome[] };
  'embed-texts': { args: { texts: string[] }; result: Float32Array[] };
}

export type WorkerCallName = keyof WorkerCalls;

export interface WorkerRequest<K extends WorkerCallName = WorkerCallName> {
  id: number;
  call: K;
  args: WorkerCalls[K]['args'];
}

export type WorkerResponse =
  | { id: number; ok: true; value: WorkerCalls[WorkerCallName]['result'] }
  | { id: number; ok: false; error: LumenError };
