/**
 * Search as you type: each keystroke restarts a short timer; only the latest answer is shown, so a
 * slow early query never overwrites a later one.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { SearchFilters, SearchHit } from '../../../src-common/contract';
import type { LumenClient } from '../api/lumen-client';
import type { GridItem, GridSource } from './grid-source';

export const SEARCH_DEBOUNCE_MS = 220;
export const SEARCH_LIMIT = 300;
/** Without a close match, this many of the nearest photos are shown (not the whole library). */
export const NEAREST_SHOWN = 24;
export const INVERTED_DATES = 'The start date is after the end date: choose a start date on or before the end date.';

/** No capture date of its own: none at all, or only the file's modification time (a guess). */
export function isUndated(hit: Pick<SearchHit, 'takenAt' | 'takenAtSource'>): boolean {
  return hit.takenAt === null || hit.takenAtSource === 'file-time';
}

export class SearchState implements GridSource {
  text = $state('');
  /** "More like this": the example photo, shown as a chip in the search bar. */
  likePhoto = $state<{ id: number; path: string } | null>(null);
  /** Search only this library folder (the one open in the sidebar), or everywhere when null. */
  scope = $state<string | null>(null);
  /** Search only photos with this accepted tag (the one open in the sidebar), or all when null. */
  tag = $state<string | null>(null);
  /** Formats the hits must have (jpeg, png, …); none means any. */
  readonly fileTypes = new SvelteSet<string>();
  /** Capture dates, `YYYY-MM-DD`, inclusive; '' means open-ended. */
  from = $state('');
  to = $state('');
  /** With a date filter: keep photos without a capture date, marked "undated" (they would vanish otherwise). */
  includeUndated = $state(true);
  /** A place from the library's places facet ("Lisbon Portugal": town and country), or '' for anywhere. */
  place = $state('');
  /** Library folders whose photos are left out: their removal can still be undone. */
  hiddenFolders: readonly string[] = [];
  hits = $state.raw<SearchHit[]>([]);
  /** How many of the hits are close matches (they come first); 0 means only the nearest were found. */
  closeMatches = $state(0);
  /** Also show the hits past the close matches (or past the nearest few). */
  showingAll = $state(false);
  searching = $state(false);
  error = $state<string | null>(null);
  /** The query the hits answer (empty when not searching). */
  answered = $state('');
  /** False until the first answer of this search arrives (the heading says "Searching…" meanwhile). */
  hasAnswer = $state(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private serial = 0;

  constructor(private readonly client: LumenClient) {}

  get active(): boolean {
    return this.text.trim() !== '' || this.likePhoto !== null;
  }

  /** The hits shown: the close matches, or without any the nearest few, or all once asked for. */
  get count(): number {
    if (this.showingAll) return this.hits.length;
    return this.closeMatches > 0 ? Math.min(this.closeMatches, this.hits.length) : Math.min(NEAREST_SHOWN, this.hits.length);
  }

  /** Hits found but not shown yet (less alike than those shown). */
  get moreCount(): number {
    return this.hits.length - this.count;
  }

  /** The search found photos, but none is a close match. */
  get nearestOnly(): boolean {
    return this.hasAnswer && this.closeMatches === 0 && this.hits.length > 0;
  }

  /** What the heading says of the answer: how many are shown, or that none is a close match. */
  get summary(): string {
    if (this.nearestOnly && !this.showingAll) return `No close matches — showing the nearest ${this.count}`;
    return `${this.count} ${this.count === 1 ? 'result' : 'results'}`;
  }

  showAll(): void {
    this.showingAll = true;
  }

  item(index: number): GridItem | undefined {
    const hit = index < this.count ? this.hits[index] : undefined;
    const dated = this.from !== '' || this.to !== '';
    return (
      hit && {
        id: hit.photoId,
        path: hit.path,
        width: hit.width,
        height: hit.height,
        score: hit.match,
        rawScore: hit.score,
        ...(hit.matchedBy ? { matchedBy: hit.matchedBy } : {}),
        ...(dated && isUndated(hit) ? { undated: true } : {}),
        ...(hit.video ? { videoAtMs: hit.video.atMs } : {}),
      }
    );
  }

  ensure(): void {
    // Hits arrive whole.
  }

  /** Called on every edit of the search box. */
  type(text: string): void {
    this.text = text;
    this.schedule();
  }

  /** Starts a search from the photo alone; words typed afterwards steer it. */
  moreLike(photo: { id: number; path: string }): void {
    this.likePhoto = photo;
    this.text = '';
    this.schedule(0);
  }

  clearLike(): void {
    this.likePhoto = null;
    this.schedule(0);
  }

  toggleFileType(type: string): void {
    if (this.fileTypes.has(type)) this.fileTypes.delete(type);
    else this.fileTypes.add(type);
    this.schedule(0);
  }

  setDates(from: string, to: string): void {
    this.from = from;
    this.to = to;
    if (from && to && from > to) {
      // Refused here with a sentence, and the results of the previous range go: they answer another question.
      this.cancelPending();
      this.showError(INVERTED_DATES);
      return;
    }
    this.schedule(0);
  }

  setIncludeUndated(include: boolean): void {
    this.includeUndated = include;
    if (this.from || this.to) this.schedule(0);
  }

  setPlace(place: string): void {
    this.place = place;
    this.schedule(0);
  }

  /** Sets every filter chip at once (an address opened, Back); searches again only when one changed and a search is on. */
  setFilters(filters: { fileTypes: readonly string[]; from: string; to: string; includeUndated: boolean; place: string }): void {
    const types = filters.fileTypes.filter((type, i, all) => all.indexOf(type) === i);
    const same =
      types.length === this.fileTypes.size &&
      types.every((type) => this.fileTypes.has(type)) &&
      filters.from === this.from &&
      filters.to === this.to &&
      filters.includeUndated === this.includeUndated &&
      filters.place === this.place;
    if (same) return;
    this.fileTypes.clear();
    for (const type of types) this.fileTypes.add(type);
    this.from = filters.from;
    this.to = filters.to;
    this.includeUndated = filters.includeUndated;
    this.place = filters.place;
    if (this.active) this.schedule(0);
  }

  get filtered(): boolean {
    return this.fileTypes.size > 0 || this.from !== '' || this.to !== '' || this.place !== '';
  }

  clearFilters(): void {
    this.fileTypes.clear();
    this.from = '';
    this.to = '';
    this.place = '';
    this.schedule(0);
  }

  private filters(): SearchFilters | null {
    const filters: SearchFilters = {};
    if (this.scope) filters.folders = [this.scope];
    if (this.tag) filters.tags = [this.tag];
    if (this.fileTypes.size > 0) filters.fileTypes = [...this.fileTypes];
    if (this.from) filters.from = this.from;
    if (this.to) filters.to = this.to;
    if ((this.from || this.to) && this.includeUndated) filters.includeUndated = true;
    if (this.place) filters.places = [this.place];
    if (this.hiddenFolders.length > 0) filters.exceptFolders = [...this.hiddenFolders];
    return Object.keys(filters).length > 0 ? filters : null;
  }

  /** Widens the search to the whole library. */
  clearScope(): void {
    this.scope = null;
    this.tag = null;
    if (this.active) this.schedule(0);
  }

  clear(): void {
    this.text = '';
    this.likePhoto = null;
    this.fileTypes.clear();
    this.from = '';
    this.to = '';
    this.place = '';
    this.schedule(0);
  }

  /** Runs the pending search now (Enter). */
  flush(): void {
    this.schedule(0);
  }

  /** Forgets a search not yet answered, so its answer is not shown. */
  private cancelPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.serial++;
    this.searching = false;
  }

  /** An error replaces the results: old hits under it would answer a different question. */
  private showError(message: string): void {
    this.error = message;
    this.hits = [];
    this.closeMatches = 0;
    this.showingAll = false;
  }

  private schedule(delay = SEARCH_DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private async run(): Promise<void> {
    this.timer = null;
    const serial = ++this.serial;
    const text = this.text.trim();
    if (!this.active) {
      this.hits = [];
      this.closeMatches = 0;
      this.answered = '';
      this.hasAnswer = false;
      this.error = null;
      this.searching = false;
      return;
    }
    if (this.from && this.to && this.from > this.to) {
      this.showError(INVERTED_DATES);
      this.searching = false;
      return;
    }
    this.searching = true;
    const filters = this.filters();
    const result = await this.client.search({
      text,
      limit: SEARCH_LIMIT,
      ...(this.likePhoto ? { like: [this.likePhoto.id] } : {}),
      ...(filters ? { filters } : {}),
    });
    if (serial !== this.serial) return;
    this.searching = false;
    if (result.ok) {
      this.hits = result.value.hits;
      this.closeMatches = result.value.closeMatches;
      this.showingAll = false;
      this.answered = text;
      this.hasAnswer = true;
      this.error = null;
    } else {
      this.showError(result.error.message);
    }
  }
}
