/**
 * The grid's listing as SQL: which photos (a folder, a tag, favourites, a least rating, leads only)
 * and in which order. The
 * pages and the per-day counts are built from the same pieces, so the date headings the window
 * draws always fall where the pages put the photos.
 */
import type { PhotoListingRequest, PhotoSort } from '../../../src-common/contract-browse';
import { LumenFailure } from '../../../src-common/result';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRepository } from '../library/photo-repository';
import { buildPhotoFilter } from '../search/photo-filter';

/** A Live Photo's video and the RAW beside a JPEG are shown with their photo, not as items of their own. */
const LEADS_ONLY = 'NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = photos.id)';

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
    clauses.push(LEADS_ONLY);
    if (request.folder !== undefined) {
      clauses.push('photos.root_id = @rootId');
      params['rootId'] = rootIdOf(photos, request.folder);
    }
  }
  if (request.favourites) clauses.push('EXISTS (SELECT 1 FROM photo_marks WHERE photo_marks.photo_id = photos.id AND photo_marks.favourite = 1)');
  if (request.minRating !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM photo_marks WHERE photo_marks.photo_id = photos.id AND photo_marks.rating >= @minRating)');
    params['minRating'] = request.minRating;
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params, orderBy: ORDERS[sort], sort };
}

export function rootIdOf(photos: PhotoRepository, folder: string): number {
  const root = photos.listRoots().find((r) => r.path === folder);
  if (!root) throw new LumenFailure('unknown-folder', `${folder} is not a folder of this library`);
  return root.id;
}
