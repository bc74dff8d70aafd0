/**
 * Arguments of the favourite, rating and rotation calls (contract-browse.ts), each a schema the
 * one dispatcher parses before any work, like the rest of the contract (contract-arguments.ts).
 */
import * as v from 'valibot';
import { integerIn, integerSchema, strict } from './schema-kit';

/** Photos one call may mark (a big selection still fits). */
export const MAX_MARKED_PHOTOS = 10_000;
export const PHOTO_ROTATIONS = [0, 90, 180, 270] as const;

const photoIds = (call: string) =>
  v.custom<number[]>(
    (value) => Array.isArray(value) && value.length > 0 && value.length <= MAX_MARKED_PHOTOS && value.every((id) => integerIn(id, 1, Number.MAX_SAFE_INTEGER)),
    `${call} takes a list of 1 to ${MAX_MARKED_PHOTOS} photo ids`,
  );

export const PhotoIdListSchema = photoIds('getPhotoMarks');

export const RatingSchema = integerSchema(0, 5, 'rating must be a whole number of stars from 0 (none) to 5');

export const PhotoMarksChangeSchema = v.pipe(
  strict('setPhotoMarks', 'setPhotoMarks expects an object { photos, favourite?, rating?, rotation? }', {
    photos: photoIds('setPhotoMarks'),
    favourite: v.optional(v.boolean('favourite must be true or false')),
    rating: v.optional(RatingSchema),
    rotation: v.optional(v.picklist(PHOTO_ROTATIONS, 'rotation must be 0, 90, 180 or 270 degrees')),
  }),
  v.check(
    (change) => change.favourite !== undefined || change.rating !== undefined || change.rotation !== undefined,
    'setPhotoMarks needs favourite, rating or rotation',
  ),
);
