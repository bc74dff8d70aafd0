/**
 * How the photos are looked at (lib/route-view-options.ts) read from the window's state for the
 * address, and put back from an address: "more like this", the grid's order and marks, the search's
 * filter chips.
 */
import type { ViewOptions } from '../lib/route-view-options';
import type { AppState } from './app-state.svelte';

export function viewOptionsOf(app: AppState): ViewOptions {
  const { search, browse } = app;
  const options: ViewOptions = {};
  if (search.likePhoto) options.like = search.likePhoto.id;
  if (browse.sort !== 'taken-desc') options.sort = browse.sort;
  if (browse.favouritesOnly) options.favourites = true;
  if (browse.minRating > 0) options.stars = browse.minRating;
  if (search.fileTypes.size > 0) options.types = [...search.fileTypes];
  if (search.from) options.from = search.from;
  if (search.to) options.to = search.to;
  if (!search.includeUndated) options.undated = false;
  if (search.place) options.near = search.place;
  return options;
}

/** Puts the order, marks, filters and search words of an address back; the example photo of "more like this" is looked up by its id. */
export function applyViewOptions(app: AppState, options: ViewOptions, query: string): void {
  const { search, browse } = app;
  void browse.sortBy(options.sort ?? 'taken-desc');
  void browse.filterMarks(options.favourites === true, options.stars ?? 0);
  search.setFilters({
    fileTypes: options.types ?? [],
    from: options.from ?? '',
    to: options.to ?? '',
    includeUndated: options.undated !== false,
    place: options.near ?? '',
  });
  if (options.like === undefined) {
    if (search.likePhoto || search.text !== query) {
      search.clearLike();
      search.type(query);
      search.flush();
    }
    return;
  }
  if (search.likePhoto?.id === options.like) {
    if (search.text === query) return;
    search.type(query);
    search.flush();
    return;
  }
  void likeFromAddress(app, options.like, query);
}

async function likeFromAddress(app: AppState, photoId: number, query: string): Promise<void> {
  const photo = await app.client.getPhoto(photoId);
  // A photo no longer in the library: the words alone are searched, and the address follows.
  if (!photo.ok) {
    app.search.clearLike();
    app.search.type(query);
    app.search.flush();
    return;
  }
  app.search.moreLike({ id: photo.value.id, path: photo.value.path });
  if (!query) return;
  app.search.type(query);
  app.search.flush();
}
