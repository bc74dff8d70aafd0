/** Snapshots of a tag's photo rows before a change, and writing them back on undo. */
import type { LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';
import type { TagRowSnapshot } from './history-records';

const ROW_COLUMNS = 'photo_id AS photoId, state, source, confidence';

/** The tag's rows for `photoIds` (or all of them), as they are now. */
export function snapshotTagRows(db: LibraryDb, tagId: number, photoIds?: readonly number[]): TagRowSnapshot[] {
  if (photoIds === undefined) {
    return db.prepare<[number], TagRowSnapshot>(`SELECT ${ROW_COLUMNS} FROM photo_tags WHERE tag_id = ? ORDER BY photo_id`).all(tagId);
  }
  return db
    .prepare<[number, string], TagRowSnapshot>(
      `SELECT ${ROW_COLUMNS} FROM photo_tags WHERE tag_id = ? AND photo_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id`,
    )
    .all(tagId, JSON.stringify(photoIds));
}

/**
 * Puts the rows of `photoIds` back as `before` holds them: a photo without a row in `before` loses
 * its row. Photos deleted from the library since are passed over (their rows went with them).
 */
export function restoreTagRows(db: LibraryDb, tagId: number, photoIds: readonly number[], before: readonly TagRowSnapshot[]): void {
  const remove = db.prepare<[number, number]>('DELETE FROM photo_tags WHERE tag_id = ? AND photo_id = ?');
  const put = db.prepare<[number, string, string, number | null, number]>(
    `INSERT INTO photo_tags (photo_id, tag_id, state, source, confidence, updated_at)
     SELECT id, ?, ?, ?, ?, ${SQL_NOW} FROM photos WHERE id = ?
     ON CONFLICT (photo_id, tag_id) DO UPDATE SET state = excluded.state, source = excluded.source, confidence = excluded.confidence, updated_at = excluded.updated_at`,
  );
  const rows = new Map(before.map((row) => [row.photoId, row]));
  db.transaction(() => {
    for (const photoId of photoIds) {
      const row = rows.get(photoId);
      if (row) put.run(tagId, row.state, row.source, row.confidence, photoId);
      else remove.run(tagId, photoId);
    }
  });
}
