/**
 * The library as one long, lazily loaded list for the grid: only pages near what is on screen are
 * fetched, so opening a 100k-photo library costs one count and a page.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { PhotoSummary } from '../../../src-common/contract-app';
import type { PhotoDay, PhotoSort } from '../../../src-common/contract-browse';
import type { MapArea } from '../../../src-common/contract-library-views';
import type { LumenClient } from '../api/lumen-client';
import { dateSections, type DateGrouping } from '../lib/date-sections';
import type { GridItem, GridSection, GridSource } from './grid-source';

export const PAGE_SIZE = 300;

export class BrowseState implements GridSource {
  count = $state(0);
  folder = $state<string | null>(null);
  /** Only photos with this accepted tag, or all when null. */
  tag = $state<string | null>(null);
  /** Only photos filed into this category of this set, or all when null. */
  category = $state.raw<{ set: string; name: string } | null>(null);
  /** Only photos taken in this place (a town or country, from the places view), or anywhere when null. */
  place = $state<string | null>(null);
  /** Only photos taken inside this rectangle of the map (a cluster of the places view), or anywhere when null. */
  area = $state.raw<MapArea | null>(null);
  error = $state<string | null>(null);
  loaded = $state(false);
  /** The grid's order; newest capture first unless the person chose another. */
  sort = $state<PhotoSort>('taken-desc');
  /** Date headings per day or month (only while sorted by date). */
  grouping = $state<DateGrouping>('month');
  /** The listing's photos per capture day, in grid order (empty when not sorted by date). */
  days = $state.raw<PhotoDay[]>([]);
  readonly sections: readonly GridSection[] | null = $derived(dateSections(this.days, this.grouping));
  // Reactive per page: a cell re-renders when its page arrives.
  private readonly pages = new SvelteMap<number, PhotoSummary[]>();
  // Bookkeeping only; nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly loading = new Set<number>();
  private generation = 0;
  /** Library folders whose photos are not listed: their removal can still be undone. */
  private hiddenFolders: readonly string[] = [];
  /** The cells the grid last asked for. */
  private wanted: { start: number; end: number } | null = null;

  constructor(private readonly client: LumenClient) {}

  item(index: number): GridItem | undefined {
    const photo = this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    return photo && { id: photo.id, path: photo.path, width: photo.width, height: photo.height };
  }

  /** Starts over (another folder or tag, or the library changed): drops the cache and loads the first page. */
  async reset(folder: string | null = this.folder, tag: string | null = this.tag): Promise<void> {
    this.folder = folder;
    this.tag = tag;
    this.generation++;
    this.loading.clear();
    this.pages.clear();
    await Promise.all([this.loadPage(0), this.loadDays()]);
  }

  /** Only favourites, and only photos with at least this many stars (0: any). */
  favouritesOnly = $state(false);
  minRating = $state(0);

  /** Shows only favourites or photos rated at least `minRating` stars, listed again from the top. */
  async filterMarks(favouritesOnly: boolean, minRating: number): Promise<void> {
    if (favouritesOnly === this.favouritesOnly && minRating === this.minRating) return;
    this.favouritesOnly = favouritesOnly;
    this.minRating = minRating;
    await this.reset();
  }

  /** Another order: the same photos, listed again from the top. */
  async sortBy(sort: PhotoSort): Promise<void> {
    if (sort === this.sort) return;
    this.sort = sort;
    await this.reset();
  }

  /** Leaves out the photos of these folders (a removal that Undo can still take back), or none; listed again from the top. */
  async hideFolders(folders: readonly string[]): Promise<void> {
    this.hiddenFolders = folders;
    await this.reset();
  }

  private exceptHidden(): { exceptFolders?: string[] } {
    return this.hiddenFolders.length > 0 ? { exceptFolders: [...this.hiddenFolders] } : {};
  }

  /** Reloads the count and the pages already seen, keeping them on screen until new ones arrive (no flicker while indexing). */
  async refresh(): Promise<void> {
    this.generation++;
    this.loading.clear();
    const pages = this.pages.size > 0 ? [...this.pages.keys()] : [0];
    await Promise.all([...pages.map((page) => this.loadPage(page)), this.loadDays()]);
  }

  /** Asks again for the pages of the last range the grid showed that are still missing (they failed while the server was away). */
  loadMissing(): void {
    if (this.wanted) this.ensure(this.wanted.start, this.wanted.end);
  }

  ensure(start: number, end: number): void {
    if (end <= start) return;
    this.wanted = { start, end };
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.floor((end - 1) / PAGE_SIZE);
    for (let page = first; page <= last; page++) {
      if (!this.pages.has(page) && !this.loading.has(page)) void this.loadPage(page);
    }
  }

  private async loadPage(page: number): Promise<void> {
    const generation = this.generation;
    this.loading.add(page);
    const result = await this.client.listPhotos({
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
      ...this.listing(),
      ...this.exceptHidden(),
    });
    if (generation !== this.generation) return;
    this.loading.delete(page);
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.error = null;
    this.count = result.value.total;
    this.loaded = true;
    this.pages.set(page, result.value.photos);
  }

  /** Which photos and in what order: the pages and the day counts ask the same. */
  private listing(): { folder?: string; tag?: string; place?: string; area?: MapArea; sort?: PhotoSort; favourites?: true; minRating?: number } {
    return {
      ...(this.place ? { place: this.place } : {}),
      ...(this.area ? { area: this.area } : {}),
      ...(this.favouritesOnly ? { favourites: true as const } : {}),
      ...(this.minRating > 0 ? { minRating: this.minRating } : {}),
      ...(this.folder ? { folder: this.folder } : {}),
      ...(this.tag ? { tag: this.tag } : {}),
      ...(this.category ? { category: this.category } : {}),
      // The services' default order is left unsaid.
      ...(this.sort !== 'taken-desc' ? { sort: this.sort } : {}),
    };
  }

  private async loadDays(): Promise<void> {
    const generation = this.generation;
    if (this.sort !== 'taken-desc' && this.sort !== 'taken-asc') {
      this.days = [];
      return;
    }
    const result = await this.client.listPhotoDays({ ...this.listing(), ...this.exceptHidden() });
    if (generation !== this.generation) return;
    // Without the counts the grid still works, only without headings.
    this.days = result.ok ? result.value : [];
  }
}
