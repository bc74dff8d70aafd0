/**
 * The part of the contract behind the window's library views: near-identical photos side by side
 * (and moving the extra copies out of the library, undoably), the library folders as a tree with
 * their subfolders, and where the photos with GPS were taken, for the offline map. Plain data only;
 * `LumenApi` (contract.ts) extends `LibraryViewsApi`.
 */
import type { InferOutput } from 'valibot';
import type { MapAreaSchema, MoveDuplicatesRequestSchema } from './contract-library-views-arguments';
import type { Result } from './result';

/** One photo of a duplicate group, with what a person compares copies by. */
export interface DuplicatePhoto {
  id: number;
  path: string;
  /** The folder the file is in. */
  folder: string;
  /** Bytes. */
  size: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  hasThumbnail: boolean;
}

export interface DuplicateGroup {
  /** `same-file`: every copy has the same bytes; `similar`: near-identical pictures (re-encoded, resized, lightly edited). */
  kind: 'same-file' | 'similar';
  /** The copy to keep first (the largest resolution, then the oldest), then the others. */
  photos: DuplicatePhoto[];
}

export type MoveDuplicatesRequest = InferOutput<typeof MoveDuplicatesRequestSchema>;

export interface MovedDuplicate {
  photoId: number;
  from: string;
  to: string;
}

export interface MoveDuplicatesResponse {
  /** The journal batch Undo (`undoLast`, `lumen undo`) puts back; null when nothing was moved. */
  batchId: number | null;
  /** Files moved (and so no longer in the library). */
  moved: MovedDuplicate[];
  /** Files left where they were, each with why. */
  failed: Array<{ photoId: number; path: string; reason: string }>;
}

/** A library folder or one of its subfolders, with the photos anywhere below it. */
export interface FolderNode {
  path: string;
  /** The last part of the path (the library folder's full path for a library folder). */
  name: string;
  /** Photos in this folder and every folder below it (as the grid counts them). */
  photos: number;
  children: FolderNode[];
}

/** Photos taken at about one spot (positions rounded to about 100 m). */
export interface PhotoSpot {
  latitude: number;
  longitude: number;
  photos: number;
}

export type MapArea = InferOutput<typeof MapAreaSchema>;

export interface LibraryViewsApi {
  /** Groups of near-identical photos across the library (same bytes, or image vectors almost the same), largest groups first. */
  listDuplicates(): Promise<Result<DuplicateGroup[]>>;
  /** Moves these photos' files into a folder outside the library, as one batch Undo puts back; they leave the library. */
  moveDuplicates(request: MoveDuplicatesRequest): Promise<Result<MoveDuplicatesResponse>>;
  /** Every library folder with its subfolders that hold photos, and the photos below each. */
  listFolderTree(): Promise<Result<FolderNode[]>>;
  /** Where the photos with GPS were taken, as spots with their photo counts. */
  listPhotoSpots(): Promise<Result<PhotoSpot[]>>;
}

export const LIBRARY_VIEW_METHODS = {
  listDuplicates: true,
  moveDuplicates: true,
  listFolderTree: true,
  listPhotoSpots: true,
} as const satisfies Record<keyof LibraryViewsApi, true>;
