import type { LibraryDb } from '../library/library-db';

/** The tags a photo has (accepted, by hand or from a suggestion; not rejected nor merely suggested), alphabetically. */
export function photoTagNames(db: LibraryDb, photoId: number): string[] {
  return db
    .prepare<[number], string>(
      `SELECT tags.name FROM photo_tags JOIN tags ON tags.id = photo_tags.tag_id
       WHERE photo_tags.photo_id = ? AND photo_tags.state = 'accepted' ORDER BY tags.name COLLATE NOCASE`,
    )
    .pluck()
    .all(photoId);
}
