import { resolve, sep } from 'node:path';
import type { SearchFilters } from '../../../src-common/contract';
import type { LibraryDb } from '../library/library-db';
import { RAW_EXTENSIONS } from '../photos/photo-formats';
import { VIDEO_EXTENSIONS } from '../../../src-common/video-moment';

/**
 * A search filter as one SQL condition over `photos` (with named parameters), built only from
 * indexed comparisons where the filter allows: folders are path ranges on the unique path index,
 * dates a range on `photos_by_taken_at`, types an IN list on `photos_by_format`.
 */
export interface PhotoFilter {
  /** A boolean SQL expression over the `photos` table. */
  where: string;
  params: Record<string, string>;
}

/** No capture date of the photo's own: none at all, or only the file's modification time (a guess). */
export const UNDATED = "(photos.taken_at IS NULL OR photos.taken_at_source = 'file-time')";

const RAW_FORMATS = [...RAW_EXTENSIONS].map((extension) => extension.slice(1));
const VIDEO_FORMATS = [...VIDEO_EXTENSIONS].map((extension) => extension.slice(1));

/**
 * File-name spellings people type, mapped to the format names the decoder records. Libraries
 * indexed before Lumen decoded HEIC hold AVIF photos as 'heif' (libvips' name for every HEIF
 * container; no HEIC photo got a row then), so 'avif' includes those.
 */
const FORMAT_ALIASES: Record<string, readonly string[]> = {
  jpg: ['jpeg'],
  jpe: ['jpeg'],
  jfif: ['jpeg'],
  jfi: ['jpeg'],
  jif: ['jpeg'],
  tif: ['tiff'],
  dib: ['bmp'],
  heic: ['heic'],
  hif: ['heic'],
  avif: ['avif', 'heif'],
  heif: ['heic', 'avif', 'heif'],
  raw: RAW_FORMATS,
  video: VIDEO_FORMATS,
};

export interface FilterInputs {
  filters: SearchFilters | undefined;
  /** FTS5 query whose matches are left out (negative words found in names or tags). */
  excludeTextMatch?: string | undefined;
}

/** Null when nothing narrows the search, so the caller can use the vector index alone. */
export function buildPhotoFilter(db: LibraryDb, inputs: FilterInputs): PhotoFilter | null {
  const filters = inputs.filters ?? {};
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  const param = (value: string): string => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return `@${name}`;
  };

  if (filters.folders?.length) {
    // [folder/, folder0): every path below the folder, as a range scan ('0' sorts right after the separator '/').
    const ranges = filters.folders.map((folder) => {
      const base = resolve(folder);
      const prefix = base.endsWith(sep) ? base : base + sep;
      const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      return `(photos.path >= ${param(prefix)} AND photos.path < ${param(upper)})`;
    });
    clauses.push(`(${ranges.join(' OR ')})`);
  }
  const dates: string[] = [];
  if (filters.from) dates.push(`photos.taken_at >= ${param(filters.from)}`);
  // '~' sorts after every character of an ISO time, so "to 2024-07-14" includes all of that day.
  if (filters.to) dates.push(`photos.taken_at < ${param(`${filters.to}~`)}`);
  if (dates.length > 0 && filters.includeUndated) clauses.push(`(${dates.join(' AND ')} OR ${UNDATED})`);
  else clauses.push(...dates);
  if (filters.cameras?.length) {
    const cameras = filters.cameras.map(
      (camera) => `(coalesce(photos.camera_make, '') || ' ' || coalesce(photos.camera_model, '')) LIKE ${param(`%${escapeLike(camera)}%`)} ESCAPE '\\'`,
    );
    clauses.push(`(${cameras.join(' OR ')})`);
  }
  if (filters.fileTypes?.length) {
    const formats = [...new Set(filters.fileTypes.flatMap((type) => formatsForFileType(type)))];
    clauses.push(`photos.format IN (SELECT value FROM json_each(${param(JSON.stringify(formats))}))`);
  }
  for (const tag of filters.tags ?? []) {
    clauses.push(
      `EXISTS (SELECT 1 FROM photo_tags JOIN tags ON tags.id = photo_tags.tag_id
               WHERE photo_tags.photo_id = photos.id AND photo_tags.state = 'accepted' AND tags.name = ${param(tag)})`,
    );
  }
  if (filters.places?.length) {
    // The place column of the text index: case and accents do not matter ("sao paulo" finds São Paulo).
    const phrases = filters.places.map((place) => `"${place.replaceAll('"', '""')}"`).join(' OR ');
    clauses.push(`photos.id IN (SELECT rowid FROM photo_text WHERE photo_text MATCH ${param(`place : (${phrases})`)})`);
  }
  if (filters.exceptFolders?.length) {
    clauses.push(`photos.root_id NOT IN (SELECT id FROM roots WHERE path IN (SELECT value FROM json_each(${param(JSON.stringify(filters.exceptFolders))})))`);
  }
  if (!filters.includeOffline && hasOfflineRoot(db)) clauses.push('photos.root_id IN (SELECT id FROM roots WHERE online = 1)');
  if (inputs.excludeTextMatch) {
    clauses.push(`photos.id NOT IN (SELECT rowid FROM photo_text WHERE photo_text MATCH ${param(inputs.excludeTextMatch)})`);
  }
  return clauses.length === 0 ? null : { where: clauses.join(' AND '), params };
}

/** The recorded format names a typed file type means ('HEIC' → heic, '.jpg' → jpeg, 'raw' → every RAW format). */
export function formatsForFileType(type: string): readonly string[] {
  const bare = type.toLowerCase().replace(/^\./, '');
  return FORMAT_ALIASES[bare] ?? [bare];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function hasOfflineRoot(db: LibraryDb): boolean {
  return db.prepare<[], number>('SELECT 1 FROM roots WHERE online = 0 LIMIT 1').pluck().get() === 1;
}

/** How many photos pass the filter (uses the same indexes as the search). */
export function countFiltered(db: LibraryDb, filter: PhotoFilter): number {
  return db.prepare<[Record<string, string>], number>(`SELECT count(*) FROM photos WHERE ${filter.where}`).pluck().get(filter.params) as number;
}

/** Every photo id that passes the filter, found through the filter's indexes. */
export function filteredIds(db: LibraryDb, filter: PhotoFilter): number[] {
  return db.prepare<[Record<string, string>], number>(`SELECT photos.id FROM photos WHERE ${filter.where}`).pluck().all(filter.params);
}

/** The ids among `photoIds` that pass the filter. */
export function passingIds(db: LibraryDb, filter: PhotoFilter, photoIds: readonly number[]): Set<number> {
  if (photoIds.length === 0) return new Set();
  const ids = db
    .prepare<[Record<string, string>], number>(
      `SELECT photos.id FROM photos WHERE photos.id IN (SELECT value FROM json_each(@candidateIds)) AND ${filter.where}`,
    )
    .pluck()
    .all({ ...filter.params, candidateIds: JSON.stringify(photoIds) });
  return new Set(ids);
}
