/** What a change of photos' marks did, and what its undo did, as one plain sentence each for the history. */
import type { PhotoMarks } from '../../../src-common/contract-browse';

const photos = (n: number): string => `${n} photo${n === 1 ? '' : 's'}`;
const stars = (n: number): string => `${n} star${n === 1 ? '' : 's'}`;

/** "Rated 3 photos 4 stars.", "Marked 1 photo as a favourite.", "Turned 2 photos to 90°."; `count`: the photos it changed. */
export function describeMarkChange(change: Partial<PhotoMarks>, count: number): string {
  const parts: string[] = [];
  if (change.favourite !== undefined) parts.push(change.favourite ? `marked as favourite${count === 1 ? '' : 's'}` : 'taken out of the favourites');
  if (change.rating !== undefined) parts.push(change.rating > 0 ? `rated ${stars(change.rating)}` : 'their stars taken away');
  if (change.rotation !== undefined) parts.push(change.rotation > 0 ? `turned to ${change.rotation}°` : 'turned back upright');
  if (parts.length === 1) {
    if (change.favourite !== undefined)
      return change.favourite ? `Marked ${photos(count)} as ${count === 1 ? 'a favourite' : 'favourites'}.` : `Took ${photos(count)} out of the favourites.`;
    if (change.rating !== undefined) return change.rating > 0 ? `Rated ${photos(count)} ${stars(change.rating)}.` : `Took the stars off ${photos(count)}.`;
    if (change.rotation !== undefined) return change.rotation > 0 ? `Turned ${photos(count)} to ${change.rotation}°.` : `Turned ${photos(count)} back upright.`;
  }
  return `Changed the marks of ${photos(count)}: ${parts.join(', ')}.`;
}

/** "Gave 3 photos back the stars they had before." */
export function describeMarkUndo(change: Partial<PhotoMarks>, count: number): string {
  const what = [change.favourite !== undefined ? 'favourite mark' : '', change.rating !== undefined ? 'stars' : '', change.rotation !== undefined ? 'turn' : '']
    .filter(Boolean)
    .join(' and ');
  return `Gave ${photos(count)} back the ${what} ${count === 1 ? 'it' : 'they'} had before.`;
}
