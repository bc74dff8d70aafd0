/**
 * The part of the contract that the window needs to browse a library and drive indexing:
 * photo pages for the grid, one photo's details for the viewer, folders and the indexing state.
 * Plain data only; `LumenApi` (contract.ts) extends `WindowApi`.
 */
import type { LibraryStatus } from './contract';
import type { InferOutput } from 'valibot';
import type { IndexingActionSchema, PhotoPageRequestSchema } from './contract-arguments';
import type { IndexingStateSchema, PhotoDetailsSchema, PhotoPageSchema, PhotoSummarySchema } from './contract-results';
import type { Result } from './result';

/** What a grid cell needs. */
export type PhotoSummary = InferOutput<typeof PhotoSummarySchema>;

/** What the viewer shows beside the photo. */
export type PhotoDetails = InferOutput<typeof PhotoDetailsSchema>;

export type PhotoPageRequest = InferOutput<typeof PhotoPageRequestSchema>;

export type PhotoPage = InferOutput<typeof PhotoPageSchema>;

export type IndexingAction = InferOutput<typeof IndexingActionSchema>;

/** The window's view of indexing: one folder at a time, the rest queued. */
export type IndexingState = InferOutput<typeof IndexingStateSchema>;

export interface WindowApi {
  listPhotos(request: PhotoPageRequest): Promise<Result<PhotoPage>>;
  getPhoto(photoId: number): Promise<Result<PhotoDetails>>;
  /** Adds the folder to the library and queues it for indexing. */
  addFolder(path: string): Promise<Result<IndexingState>>;
  /** Forgets the folder and its photos (the files stay on disk). */
  removeFolder(path: string): Promise<Result<LibraryStatus>>;
  /** Indexes every library folder again (new, changed and deleted files). */
  reindexAll(): Promise<Result<IndexingState>>;
  /**
   * Indexes every library folder again and tries the files that failed before even if unchanged:
   * the cause may have been the drive's or the system's (an I/O error, a permission since fixed).
   */
  retryFailedFiles(): Promise<Result<IndexingState>>;
  getIndexing(): Promise<Result<IndexingState>>;
  controlIndexing(action: IndexingAction): Promise<Result<IndexingState>>;
}

export const WINDOW_METHODS = {
  listPhotos: true,
  getPhoto: true,
  addFolder: true,
  removeFolder: true,
  reindexAll: true,
  retryFailedFiles: true,
  getIndexing: true,
  controlIndexing: true,
} as const satisfies Record<keyof WindowApi, true>;
