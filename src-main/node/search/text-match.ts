import type { LibraryDb } from '../library/library-db';
import type { PhotoFilter } from './photo-filter';

/** An FTS5 query matching any of the words (each quoted, so nothing in them is FTS syntax); null when there are none. */
export function anyWordQuery(words: readonly string[]): string | null {
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"`).join(' OR ');
}

/**
 * Photos whose file name, folder names or accepted tags contain the words, best first (FTS5's
 * bm25, with a tag match weighing twice a path match), within the filter.
 */
export function matchPhotoText(db: LibraryDb, ftsQuery: string, filter: PhotoFilter | null, limit: number): number[] {
  const where = filter ? `AND ${filter.where}` : '';
  return db
    .prepare<[Record<string, string | number>], number>(
      `SELECT photos.id FROM photo_text JOIN photos ON photos.id = photo_text.rowid
       WHERE photo_text MATCH @ftsQuery ${where}
       ORDER BY bm25(photo_text, 1.0, 2.0), photos.id LIMIT @limit`,
    )
    .pluck()
    .all({ ...(filter?.params ?? {}), ftsQuery, limit });
}
