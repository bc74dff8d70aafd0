/**
 * The part of the address that says how the photos are looked at, beside where (route.ts): "more
 * like this" (`like=42`), the grid's order and marks (`sort=name&favourites=1&stars=3`) and the
 * search's filter chips (`type=jpeg&type=png&from=2024-01-01&to=2024-06-30&undated=0&near=Lisbon+Portugal`).
 * Only what differs from the default is written; a value the window does not know is dropped.
 */
import type { PhotoSort } from '../../../src-common/contract-browse';

/** Every order of the grid (the compiler asks for a new one here). */
const SORTS: Record<PhotoSort, true> = { 'taken-desc': true, 'taken-asc': true, name: true, added: true };
const DEFAULT_SORT: PhotoSort = 'taken-desc';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FILE_TYPE = /^[a-z0-9]{1,10}$/;

export interface ViewOptions {
  /** The example photo of "more like this". */
  like?: number;
  /** The grid's order, when not the default (newest first). */
  sort?: PhotoSort;
  favourites?: true;
  /** At least this many stars (1–5). */
  stars?: number;
  /** Formats the search keeps (jpeg, png, …). */
  types?: string[];
  /** Capture dates, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  /** False when a date range leaves out photos without a capture date (kept by default). */
  undated?: false;
  /** The search's place filter: a town and country from the library's places. */
  near?: string;
}

function isSort(name: string): name is PhotoSort {
  return Object.hasOwn(SORTS, name);
}

function positiveInteger(text: string | null, max: number): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 1 && value <= max ? value : null;
}

export function parseViewOptions(params: URLSearchParams): ViewOptions {
  const options: ViewOptions = {};
  const like = positiveInteger(params.get('like'), Number.MAX_SAFE_INTEGER);
  if (like !== null) options.like = like;
  const sort = params.get('sort');
  if (sort !== null && isSort(sort) && sort !== DEFAULT_SORT) options.sort = sort;
  if (params.get('favourites') === '1') options.favourites = true;
  const stars = positiveInteger(params.get('stars'), 5);
  if (stars !== null) options.stars = stars;
  const types = [...new Set(params.getAll('type').filter((type) => FILE_TYPE.test(type)))];
  if (types.length > 0) options.types = types;
  const from = params.get('from');
  if (from !== null && DAY.test(from)) options.from = from;
  const to = params.get('to');
  if (to !== null && DAY.test(to)) options.to = to;
  if (params.get('undated') === '0') options.undated = false;
  const near = params.get('near');
  if (near) options.near = near;
  return options;
}

export function writeViewOptions(options: ViewOptions, params: URLSearchParams): void {
  if (options.like !== undefined) params.set('like', String(options.like));
  if (options.sort && options.sort !== DEFAULT_SORT) params.set('sort', options.sort);
  if (options.favourites) params.set('favourites', '1');
  if (options.stars) params.set('stars', String(options.stars));
  for (const type of options.types ?? []) params.append('type', type);
  if (options.from) params.set('from', options.from);
  if (options.to) params.set('to', options.to);
  if (options.undated === false) params.set('undated', '0');
  if (options.near) params.set('near', options.near);
}

/** Options with nothing set are left out of a route altogether. */
export function isEmptyViewOptions(options: ViewOptions): boolean {
  return Object.keys(options).length === 0;
}
