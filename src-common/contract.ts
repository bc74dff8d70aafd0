/**
 * The one API contract shared by the Electron main process, the preload's `window.lumen`,
 * the local HTTP server mode and the CLI's `--json` output. Plain data only: no runtime imports.
 */
import type { Result } from './result';

export type VectorBackendName = 'vss' | 'vec';
export const VECTOR_BACKENDS: readonly VectorBackendName[] = ['vss', 'vec'];

export interface ModelStatus {
  name: string;
  folder: string;
  embedDim: number;
  /** Hash of the vision graph and its preprocessing: image vectors are keyed by it. */
  imageTowerId: string;
  executionProvider: string;
}

export interface RootStatus {
  path: string;
  photos: number;
  online: boolean;
  lastScanAt: string | null;
}

export interface PhotoErrorEntry {
  path: string;
  reason: string;
  failedAt: string;
}

export interface LibraryStatus {
  library: string;
  photos: number;
  /** Photos with a vector for the active model's image tower. */
  embedded: number;
  errors: number;
  roots: RootStatus[];
  vectorBackend: VectorBackendName;
  model: ModelStatus | null;
  /** Present when asked for (`lumen status --errors`, `--json`). */
  errorList?: PhotoErrorEntry[];
}

export interface IndexSummary {
  roots: string[];
  found: number;
  indexed: number;
  unchanged: number;
  failed: number;
  removed: number;
  seconds: number;
}

export interface SearchHit {
  rank: number;
  photoId: number;
  path: string;
  /** Cosine similarity between the query and the photo, in [-1, 1]. */
  score: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
}

export interface SearchResponse {
  query: string;
  model: string;
  vectorBackend: VectorBackendName;
  hits: SearchHit[];
}

export interface SearchRequest {
  text: string;
  limit: number;
}

/** What the window may ask of the app (exposed as `window.lumen` by the preload). */
export interface LumenApi {
  getStatus(): Promise<Result<LibraryStatus>>;
  search(request: SearchRequest): Promise<Result<SearchResponse>>;
}

export type LumenMethod = keyof LumenApi;
export const LUMEN_METHODS: readonly LumenMethod[] = ['getStatus', 'search'];
