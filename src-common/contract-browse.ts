/**
 * The part of the contract that arranges the grid as a timeline: how many photos each capture day
 * holds, in the grid's order, so the window can put date headings between the rows and a scrubber
 * beside them without loading every page; and what a person marks on photos (favourite, stars,
 * display rotation), kept in the library. Plain data only; `LumenApi` (contract.ts) extends `BrowseApi`.
 */
import type { InferOutput } from 'valibot';
import type { PHOTO_SORTS, PhotoListingRequestSchema } from './contract-arguments';
import type { PHOTO_ROTATIONS, PhotoMarksChangeSchema } from './contract-marks-arguments';
import type { MarkedPhotoSchema, PhotoDaySchema, PhotoMarksSchema } from './contract-results';
import type { Result } from './result';

export type PhotoSort = (typeof PHOTO_SORTS)[number];

export type PhotoListingRequest = InferOutput<typeof PhotoListingRequestSchema>;

/** The photos of one capture day, as the camera's clock said it ("2024-05-14"); `day` is null for photos without a date. */
export type PhotoDay = InferOutput<typeof PhotoDaySchema>;

/** A quarter turn for display, clockwise; the original file is never changed. */
export type PhotoRotation = (typeof PHOTO_ROTATIONS)[number];

/** What a person said about a photo in Lumen (kept in the library, not in the file). */
export type PhotoMarks = InferOutput<typeof PhotoMarksSchema>;

export type MarkedPhoto = InferOutput<typeof MarkedPhotoSchema>;

export type PhotoMarksChange = InferOutput<typeof PhotoMarksChangeSchema>;

export interface BrowseApi {
  /**
   * The listing's photos counted per capture day, in the order `listPhotos` gives them for the same
   * request (undated last); for the name and date-added orders, one group per day in date order is
   * meaningless, so the answer is empty.
   */
  listPhotoDays(request: PhotoListingRequest): Promise<Result<PhotoDay[]>>;
  /** Favourite, rating and display rotation of each photo asked for (unmarked photos answer none of them). */
  getPhotoMarks(photoIds: number[]): Promise<Result<MarkedPhoto[]>>;
  /** Sets the given marks on every photo listed, leaving the others as they were; answers their marks now. */
  setPhotoMarks(change: PhotoMarksChange): Promise<Result<MarkedPhoto[]>>;
  /** The names of the tags a photo has (accepted, by hand or from a suggestion), in alphabetical order. */
  getPhotoTags(photoId: number): Promise<Result<string[]>>;
}

export const BROWSE_METHODS = {
  listPhotoDays: true,
  getPhotoMarks: true,
  setPhotoMarks: true,
  getPhotoTags: true,
} as const satisfies Record<keyof BrowseApi, true>;
