/**
 * Arguments of the duplicates, folder-tree and map calls (contract-library-views.ts), and the map
 * area a listing can be narrowed to, each a schema the one dispatcher parses before any work.
 */
import * as v from 'valibot';
import { absolutePathSchema, integerIn, strict } from './schema-kit';

/** Photos one call may move out of the library as duplicates. */
export const MAX_MOVED_DUPLICATES = 1_000;

const latitude = (what: string) =>
  v.custom<number>((value) => typeof value === 'number' && value >= -90 && value <= 90, `${what} must be a latitude from -90 to 90`);
const longitude = (what: string) =>
  v.custom<number>((value) => typeof value === 'number' && value >= -180 && value <= 180, `${what} must be a longitude from -180 to 180`);

/** A rectangle of the map (WGS 84 degrees, edges included); west may be east of east where it crosses the date line. */
export const MapAreaSchema = v.pipe(
  strict('area', 'area must be an object { south, west, north, east }', {
    south: latitude('area.south'),
    west: longitude('area.west'),
    north: latitude('area.north'),
    east: longitude('area.east'),
  }),
  v.check((area) => area.south <= area.north, 'area.south must not be north of area.north'),
);

export const MoveDuplicatesRequestSchema = strict('moveDuplicates', 'moveDuplicates expects an object { photos, folder }', {
  photos: v.custom<number[]>(
    (value) =>
      Array.isArray(value) && value.length > 0 && value.length <= MAX_MOVED_DUPLICATES && value.every((id) => integerIn(id, 1, Number.MAX_SAFE_INTEGER)),
    `photos must be a list of 1 to ${MAX_MOVED_DUPLICATES} photo ids`,
  ),
  /** Where the files go: a folder outside every library folder (created when missing). */
  folder: absolutePathSchema('folder'),
});
