/** Snapshots of a tag's photo rows before a change, and writing them back on undo. */
import type { LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';
import type { FolderTagDecision, TagRowSnapshot } from './history-records';

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

/**
 * Of `photoIds`, those whose row is still what the decision left (the state decided, or for a cleared
 * decision a suggestion or no row): a photo decided again since keeps its newer decision on undo.
 */
export function stillAsDecided(db: LibraryDb, tagId: number, photoIds: readonly number[], decision: 'accepted' | 'rejected' | 'cleared'): number[] {
  const now = new Map(
    db
      .prepare<[number, string], { photoId: number; state: string }>(
        'SELECT photo_id AS photoId, state FROM photo_tags WHERE tag_id = ? AND photo_id IN (SELECT value FROM json_each(?))',
      )
      .all(tagId, JSON.stringify(photoIds))
      .map((row) => [row.photoId, row.state]),
  );
  return photoIds.filter((photoId) => {
    const state = now.get(photoId);
    return decision === 'cleared' ? state === undefined || state === 'suggested' : state === decision;
  });
}

/** The accepted and rejected tags of the photos under `folder` (a library folder), by path and tag name. */
export function snapshotFolderDecisions(db: LibraryDb, folder: string): FolderTagDecision[] {
  return db
    .prepare<[string], FolderTagDecision>(
      `SELECT photos.path AS path, tags.name AS tag, photo_tags.state AS state, photo_tags.source AS source
       FROM photo_tags JOIN photos ON photos.id = photo_tags.photo_id JOIN roots ON roots.id = photos.root_id JOIN tags ON tags.id = photo_tags.tag_id
       WHERE roots.path = ? AND photo_tags.state IN ('accepted', 'rejected') ORDER BY photos.path, tags.name`,
    )
    .all(folder);
}

/**
 * Puts decisions back on the photos now at those paths, where the tag still exists; a suggestion made
 * since gives way, a decision made since stays. Returns how many were put back.
 */
export function restoreFolderDecisions(db: LibraryDb, decisions: readonly FolderTagDecision[]): number {
  const put = db.prepare<[string, string, string, string]>(
    `INSERT INTO photo_tags (photo_id, tag_id, state, source, confidence, updated_at)
     SELECT photos.id, tags.id, ?, ?, NULL, ${SQL_NOW} FROM photos JOIN tags ON tags.name = ? WHERE photos.path = ?
     ON CONFLICT (photo_id, tag_id) DO UPDATE SET state = excluded.state, source = excluded.source, updated_at = excluded.updated_at
     WHERE photo_tags.state = 'suggested'`,
  );
  return db.transaction(() => decisions.reduce((n, d) => n + put.run(d.state, d.source, d.tag, d.path).changes, 0));
}
