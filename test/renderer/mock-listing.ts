/** The mock's grid order, the way the services sort a listing (photo-listing.ts): stable, so ties keep the order photos were added. */
import type { PhotoDay, PhotoMarks, PhotoSort } from '../../src-common/contract-browse';
import type { PhotoSummary } from '../../src-common/contract-app';

export const NO_MARKS: PhotoMarks = { favourite: false, rating: 0, rotation: 0 };

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1).toLowerCase();

function byTaken(direction: 1 | -1): (a: PhotoSummary, b: PhotoSummary) => number {
  return (a, b) => {
    if (a.takenAt === b.takenAt) return 0;
    if (a.takenAt === null) return 1;
    if (b.takenAt === null) return -1;
    return a.takenAt < b.takenAt ? -direction : direction;
  };
}

export function sortedPhotos<T extends PhotoSummary>(photos: readonly T[], sort: PhotoSort = 'taken-desc'): T[] {
  if (sort === 'added') return [...photos].reverse();
  if (sort === 'name') return [...photos].sort((a, b) => fileName(a.path).localeCompare(fileName(b.path)));
  return [...photos].sort(byTaken(sort === 'taken-desc' ? -1 : 1));
}

/** Sorted photos counted per capture day, in their order (consecutive, since the sort is by date). */
export function photoDays(sorted: readonly PhotoSummary[]): PhotoDay[] {
  const days: PhotoDay[] = [];
  for (const photo of sorted) {
    const day = photo.takenAt?.slice(0, 10) ?? null;
    const last = days.at(-1);
    if (last && last.day === day) last.count++;
    else days.push({ day, count: 1 });
  }
  return days;
}
