/**
 * What the address says about the view, so that Back, Forward and a reload keep it: the page, the
 * search words, the folder or tag open in the sidebar and the photo open in the viewer. Kept in the
 * hash (`#/photos?q=red+car&folder=%2Fphotos%2FTrips&photo=42`), which works the same under the
 * desktop's own protocol and under `lumen serve`, with nothing to configure on a server.
 */
import type { MapArea } from '../../../src-common/contract-library-views';
import type { MainView } from '../state/app-state.svelte';
import { isEmptyViewOptions, parseViewOptions, writeViewOptions, type ViewOptions } from './route-view-options';

/** Every page of the window (the compiler asks for a new one here). */
const VIEWS: Record<MainView, true> = { photos: true, errors: true, settings: true, autotag: true, duplicates: true, places: true };

function isView(name: string): name is MainView {
  return Object.hasOwn(VIEWS, name);
}

export interface Route {
  view: MainView;
  /** The words in the search box ('' when not searching). */
  query: string;
  folder: string | null;
  tag: string | null;
  /** The category whose filed photos the grid shows (`set=Trips&category=Beach`); absent when none. */
  category?: CategoryRoute;
  /** A place of the places view (a town or country) the grid is narrowed to. */
  place?: string | null;
  /** An area of the map (a cluster of the places view) the grid is narrowed to. */
  area?: MapArea | null;
  /** The library photo open in the viewer. */
  photo: number | null;
  /** "More like this", the grid's order and marks, the search's filter chips; absent when all are at their defaults. */
  options?: ViewOptions;
}

export interface CategoryRoute {
  set: string;
  name: string;
}

export const HOME_ROUTE: Route = { view: 'photos', query: '', folder: null, tag: null, photo: null };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = text.split('?', 2);
  const view = isView(path) ? path : 'photos';
  const params = new URLSearchParams(search);
  const photo = Number(params.get('photo'));
  const set = params.get('set');
  const category = params.get('category');
  const options = parseViewOptions(params);
  const place = params.get('place');
  const area = parseArea(params.get('area'));
  return {
    ...(view === 'photos' && !isEmptyViewOptions(options) ? { options } : {}),
    ...(place ? { place } : {}),
    ...(set && category ? { category: { set, name: category } } : {}),
    ...(area ? { area } : {}),
    view,
    query: params.get('q') ?? '',
    folder: params.get('folder') || null,
    tag: params.get('tag') || null,
    photo: Number.isSafeInteger(photo) && photo > 0 ? photo : null,
  };
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.view === 'photos') {
    if (route.query) params.set('q', route.query);
    if (route.folder) params.set('folder', route.folder);
    if (route.tag) params.set('tag', route.tag);
    if (route.category) {
      params.set('set', route.category.set);
      params.set('category', route.category.name);
    }
    if (route.place) params.set('place', route.place);
    if (route.area) params.set('area', formatArea(route.area));
    if (route.options) writeViewOptions(route.options, params);
    if (route.photo !== null) params.set('photo', String(route.photo));
  }
  const search = params.toString();
  return `#/${route.view}${search ? `?${search}` : ''}`;
}

/**
 * Whether going from one route to the other is a step Back should undo (another page, folder or tag;
 * opening or closing the viewer), rather than an edit of the same place (typing, stepping photos).
 */
export function isNewPlace(from: Route, to: Route): boolean {
  return (
    from.view !== to.view ||
    from.folder !== to.folder ||
    from.tag !== to.tag ||
    !sameCategory(from.category, to.category) ||
    from.options?.like !== to.options?.like ||
    (from.place ?? null) !== (to.place ?? null) ||
    formatArea(from.area ?? null) !== formatArea(to.area ?? null) ||
    (from.photo === null) !== (to.photo === null)
  );
}

export function sameCategory(a: CategoryRoute | null | undefined, b: CategoryRoute | null | undefined): boolean {
  return (a?.set ?? null) === (b?.set ?? null) && (a?.name ?? null) === (b?.name ?? null);
}

/** An area as the address writes it: south,west,north,east in degrees ('' for none). */
export function formatArea(area: MapArea | null): string {
  if (!area) return '';
  return [area.south, area.west, area.north, area.east].map((degrees) => String(Math.round(degrees * 1e5) / 1e5)).join(',');
}

/** The area an address names, or null when it names none or one that is not a map's rectangle. */
export function parseArea(text: string | null): MapArea | null {
  const parts = (text ?? '').split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [south = 0, west = 0, north = 0, east = 0] = parts;
  const valid = south >= -90 && north <= 90 && south <= north && west >= -180 && west <= 180 && east >= -180 && east <= 180;
  return valid ? { south, west, north, east } : null;
}
