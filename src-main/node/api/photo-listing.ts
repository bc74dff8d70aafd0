/**
 * The grid's listing as SQL: which photos (a folder or subfolder, a tag, a place or an area of the
 * map, favourites, a least rating, leads only) and in which order. The
 * pages and the per-day counts are built from the same pieces, so the date headings the window
 * draws always fall where the pages put the photos.
 */
import { resolve } from 'node:path';
import type { PhotoListingRequest, PhotoSort } from '../../../src-common/contract-browse';
import type { MapArea } from '../../../src-common/contract-library-views';
import { LumenFailure } from '../../../src-common/result';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRepository } from '../library/photo-repository';
import { categoryMembersClause } from '../classify/category-members';
import { buildPhotoFilter, type PhotoFilter } from '../search/photo-filter';
import { isInside } from '../library/path-inside';

/** A Live Photo's video and the RAW beside a JPEG are shown with their photo, not as items of their own. */
const LEADS_ONLY = 'NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = photos.id)';
/**
 * A folder's items: its leads, and its exact copies of photos another library folder shows (a backup
 * of the same pictures), so a folder lists what it holds while "All photos" shows each photo once.
 */
const LEADS_IN_FOLDER = `NOT EXISTS (SELECT 1 FROM photo_parts pp JOIN photos lead ON lead.id = pp.lead_id
  WHERE pp.part_id = photos.id AND NOT (pp.kind = 'copy' AND lead.root_id <> photos.root_id))`;

// The file name: the path with everything up to its last separator cut off (SQLite has no basename).
const FORWARD_PATH = "replace(photos.path, '\\', '/')";
const FILE_NAME = `substr(${FORWARD_PATH}, length(rtrim(${FORWARD_PATH}, replace(${FORWARD_PATH}, '/', ''))) + 1)`;

// Photos without a capture date sort after dated ones; path breaks ties so pages never overlap.
const ORDERS: Record<PhotoSort, string> = {
  'taken-desc': 'ORDER BY photos.taken_at IS NULL, photos.taken_at DESC, photos.path',
  'taken-asc': 'ORDER BY photos.taken_at IS NULL, photos.taken_at ASC, photos.path',
  name: `ORDER BY ${FILE_NAME} COLLATE NOCASE, photos.path`,
  // Rows are numbered as photos are first indexed, so the highest id was added last.
  added: 'ORDER BY photos.id DESC',
};

export const DEFAULT_SORT: PhotoSort = 'taken-desc';

export interface PhotoListing {
  /** A boolean SQL expression over `photos`, with named parameters. */
  where: string;
  params: Record<string, string | number>;
  orderBy: string;
  sort: PhotoSort;
}

export function photoListing(db: LibraryDb, photos: PhotoRepository, request: PhotoListingRequest): PhotoListing {
  const sort = request.sort ?? DEFAULT_SORT;
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  if (request.tag !== undefined) {
    // The search filters' SQL: an accepted tag, optionally in one folder (a tagged part is listed too: it was tagged itself).
    const filters = { tags: [request.tag], includeOffline: true, ...(request.folder ? { folders: [request.folder] } : {}) };
    const filter = buildPhotoFilter(db, { filters });
    if (filter) {
      clauses.push(`(${filter.where})`);
      Object.assign(params, filter.params);
    }
  } else {
    clauses.push(request.folder === undefined ? LEADS_ONLY : LEADS_IN_FOLDER);
    if (request.folder !== undefined) {
      const root = rootOrSubfolder(photos, request.folder);
      clauses.push('photos.root_id = @rootId');
      params['rootId'] = root.rootId;
      if (root.subfolder) addFilter(buildPhotoFilter(db, { filters: { folders: [root.subfolder], includeOffline: true } }), 'folder', clauses, params);
    }
  }
  if (request.category !== undefined) clauses.push(categoryMembersClause(request.category, params));
  if (request.place !== undefined) addFilter(buildPhotoFilter(db, { filters: { places: [request.place], includeOffline: true } }), 'place', clauses, params);
  if (request.area !== undefined) clauses.push(areaClause(request.area, params));
  if (request.favourites) clauses.push('EXISTS (SELECT 1 FROM photo_marks WHERE photo_marks.photo_id = photos.id AND photo_marks.favourite = 1)');
  if (request.minRating !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM photo_marks WHERE photo_marks.photo_id = photos.id AND photo_marks.rating >= @minRating)');
    params['minRating'] = request.minRating;
  }
  if (request.exceptFolders?.length)
    addFilter(buildPhotoFilter(db, { filters: { exceptFolders: request.exceptFolders, includeOffline: true } }), 'except', clauses, params);
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params, orderBy: ORDERS[sort], sort };
}

/** Adds a search filter's condition, its parameters renamed with `prefix` so that two filters' names cannot meet. */
function addFilter(filter: PhotoFilter | null, prefix: string, clauses: string[], params: Record<string, string | number>): void {
  if (!filter) return;
  clauses.push(`(${filter.where.replace(/@(p\d+)/g, `@${prefix}_$1`)})`);
  for (const [name, value] of Object.entries(filter.params)) params[`${prefix}_${name}`] = value;
}

/** Inside the rectangle; a rectangle whose west edge is east of its east edge crosses the date line. */
function areaClause(area: MapArea, params: Record<string, string | number>): string {
  Object.assign(params, { areaSouth: area.south, areaNorth: area.north, areaWest: area.west, areaEast: area.east });
  const longitude =
    area.west <= area.east ? 'photos.longitude BETWEEN @areaWest AND @areaEast' : '(photos.longitude >= @areaWest OR photos.longitude <= @areaEast)';
  return `(photos.latitude BETWEEN @areaSouth AND @areaNorth AND ${longitude})`;
}

/**
 * A library folder, or a folder inside one (the folder tree's subfolders): its root's id, and the
 * subfolder when it is one. Anything else is not a folder of this library.
 */
export function rootOrSubfolder(photos: PhotoRepository, folder: string): { rootId: number; subfolder: string | null } {
  const wanted = resolve(folder);
  for (const root of photos.listRoots()) {
    if (root.path === folder || root.path === wanted) return { rootId: root.id, subfolder: null };
    if (isInside(root.path, wanted)) return { rootId: root.id, subfolder: wanted };
  }
  throw new LumenFailure('unknown-folder', `${folder} is not a folder of this library`);
}

export function rootIdOf(photos: PhotoRepository, folder: string): number {
  const root = photos.listRoots().find((r) => r.path === folder);
  if (!root) throw new LumenFailure('unknown-folder', `${folder} is not a folder of this library`);
  return root.id;
}
