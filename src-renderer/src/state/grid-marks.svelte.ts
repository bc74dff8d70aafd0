/**
 * Favourites and stars of the photos the grid shows, so each cell can carry them. The cells on screen
 * ask for theirs together (one getPhotoMarks call per batch, never one per photo); a mark changed in
 * the viewer is written here at once.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { MarkedPhoto, PhotoMarks } from '../../../src-common/contract-browse';
import type { LumenClient } from '../api/lumen-client';

const UNMARKED: PhotoMarks = { favourite: false, rating: 0, rotation: 0 };

export class GridMarks {
  // Reactive per photo: a cell re-renders when its marks arrive.
  private readonly known = new SvelteMap<number, PhotoMarks>();
  // Bookkeeping only; nothing renders from these.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly asked = new Set<number>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly waiting = new Set<number>();
  private batch: Promise<void> | null = null;

  constructor(private readonly client: LumenClient) {}

  /** The photo's marks once known; undefined until they arrive. */
  of(photoId: number): PhotoMarks | undefined {
    return this.known.get(photoId);
  }

  /** Asks for the marks of these photos (those not asked before), together with the others asked for in the same moment. */
  want(photoIds: Iterable<number>): void {
    for (const id of photoIds) {
      if (this.asked.has(id)) continue;
      this.asked.add(id);
      this.waiting.add(id);
    }
    if (this.waiting.size > 0) this.batch ??= Promise.resolve().then(() => this.load());
  }

  /** What the viewer just changed (or read). */
  update(marked: readonly MarkedPhoto[]): void {
    for (const { photoId, favourite, rating, rotation } of marked) {
      this.asked.add(photoId);
      this.known.set(photoId, { favourite, rating, rotation });
    }
  }

  /** Forgets everything (the services were away: marks may have changed meanwhile). */
  clear(): void {
    this.known.clear();
    this.asked.clear();
  }

  private async load(): Promise<void> {
    const ids = [...this.waiting];
    this.waiting.clear();
    this.batch = null;
    const result = await this.client.getPhotoMarks(ids);
    if (!result.ok) {
      // Marks are an extra on the thumbnails: without them the grid still works; the next time the cells show, they ask again.
      for (const id of ids) this.asked.delete(id);
      return;
    }
    for (const id of ids) this.known.set(id, UNMARKED);
    this.update(result.value);
  }
}

/** What a cell shows of its marks ("♥ ★3"), or '' for an unmarked photo. */
export function marksBadge(marks: PhotoMarks | undefined): string {
  if (!marks) return '';
  return [marks.favourite ? '♥' : '', marks.rating > 0 ? `★${marks.rating}` : ''].filter(Boolean).join(' ');
}

/** The same in words, for the cell's name ("favourite, 3 stars"). */
export function marksWords(marks: PhotoMarks | undefined): string[] {
  if (!marks) return [];
  return [...(marks.favourite ? ['favourite'] : []), ...(marks.rating > 0 ? [`${marks.rating} star${marks.rating === 1 ? '' : 's'}`] : [])];
}
