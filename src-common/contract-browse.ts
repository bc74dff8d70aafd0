/**
 * The part of the contract that arranges the grid as a timeline: how many photos each capture day
 * holds, in the grid's order, so the window can put date headings between the rows and a scrubber
 * beside them without loading every page. Plain data only; `LumenApi` (contract.ts) extends `BrowseApi`.
 */
import type { InferOutput } from 'valibot';
import type { PHOTO_SORTS, PhotoListingRequestSchema } from './contract-arguments';
import type { Result } from './result';

export type PhotoSort = (typeof PHOTO_SORTS)[number];

export type PhotoListingRequest = InferOutput<typeof PhotoListingRequestSchema>;

/** The photos of one capture day, as the camera's clock said it ("2024-05-14"); `day` is null for photos without a date. */
export interface PhotoDay {
  day: string | null;
  count: number;
}

export interface BrowseApi {
  /**
   * The listing's photos counted per capture day, in the order `listPhotos` gives them for the same
   * request (undated last); for the name and date-added orders, one group per day in date order is
   * meaningless, so the answer is empty.
   */
  listPhotoDays(request: PhotoListingRequest): Promise<Result<PhotoDay[]>>;
}

export const BROWSE_METHODS = {
  listPhotoDays: true,
} as const satisfies Record<keyof BrowseApi, true>;
