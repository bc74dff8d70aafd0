/**
 * The part of the contract that the window needs to browse a library and drive indexing:
 * photo pages for the grid, one photo's details for the viewer, folders and the indexing state.
 * Plain data only; `LumenApi` (contract.ts) extends `WindowApi`.
 */
import type { GeoLocation, IndexProgress, IndexSummary, LibraryStatus, PhotoPartRef, PlaceName, TakenAtSource } from './contract';
import type { InferOutput } from 'valibot';
import type { IndexingActionSchema, PhotoPageRequestSchema } from './contract-arguments';
import type { LumenError, Result } from './result';

/** What a grid cell needs. */
export interface PhotoSummary {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  /** False when no thumbnail could be made: the window shows a placeholder. */
  hasThumbnail: boolean;
}

/** What the viewer shows beside the photo. */
export interface PhotoDetails extends PhotoSummary {
  folder: string;
  size: number;
  format: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  indexedAt: string;
  /** Where the date came from ('file-time' is an estimate); null for a photo indexed before Lumen recorded it. */
  takenAtSource: TakenAtSource | null;
  /** The zone of takenAt ("+01:00") when known. */
  timeOffset: string | null;
  location: GeoLocation | null;
  place: PlaceName | null;
  /** A Live Photo's video, the RAW beside a JPEG or HEIC: shown with this photo, not on their own. */
  parts?: PhotoPartRef[];
}

export type PhotoPageRequest = InferOutput<typeof PhotoPageRequestSchema>;

export interface PhotoPage {
  /** Photos in the whole listing (for the scroll height), not only in this page. */
  total: number;
  offset: number;
  photos: PhotoSummary[];
}

export type IndexingAction = InferOutput<typeof IndexingActionSchema>;

/** The window's view of indexing: one folder at a time, the rest queued. */
export interface IndexingState {
  /** Folder being indexed now, or null when idle. */
  current: string | null;
  /** Folders waiting their turn, in order. */
  queued: string[];
  progress: IndexProgress | null;
  /** The last finished run, kept until the next one starts. */
  lastSummary: IndexSummary | null;
  /** Why the last run stopped early, if it failed. */
  lastError: LumenError | null;
}

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
