/**
 * The part of the contract behind the window's library views: near-identical photos side by side
 * (and moving the extra copies out of the library, undoably), the library folders as a tree with
 * their subfolders, and where the photos with GPS were taken, for the offline map. Plain data only;
 * `LumenApi` (contract.ts) extends `LibraryViewsApi`.
 */
import type { InferOutput } from 'valibot';
import type { MapAreaSchema, MoveDuplicatesRequestSchema } from './contract-library-views-arguments';
import type {
  DuplicateGroupSchema,
  DuplicatePhotoSchema,
  FolderNodeSchema,
  MoveDuplicatesResponseSchema,
  MovedDuplicateSchema,
  PhotoSpotSchema,
} from './contract-library-views-results';
import type { Result } from './result';

/** One photo of a duplicate group, with what a person compares copies by. */
export type DuplicatePhoto = InferOutput<typeof DuplicatePhotoSchema>;

export type DuplicateGroup = InferOutput<typeof DuplicateGroupSchema>;

export type MoveDuplicatesRequest = InferOutput<typeof MoveDuplicatesRequestSchema>;

export type MovedDuplicate = InferOutput<typeof MovedDuplicateSchema>;

export type MoveDuplicatesResponse = InferOutput<typeof MoveDuplicatesResponseSchema>;

/** A library folder or one of its subfolders, with the photos anywhere below it. */
export type FolderNode = InferOutput<typeof FolderNodeSchema>;

/** Photos taken at about one spot (positions rounded to about 100 m). */
export type PhotoSpot = InferOutput<typeof PhotoSpotSchema>;

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
