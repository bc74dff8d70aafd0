import type { Migration } from './migration';

/**
 * A photo part may also be an exact copy: a file with the same bytes (content hash) as an earlier
 * photo of the same library folder, such as the copy that classify-and-copy leaves in a category
 * subfolder. It is the same photo, so the grid and search show it once, as its lead. SQLite cannot
 * change a CHECK, so the table is made again with its rows.
 */
export const photoCopies: Migration = {
  version: 9,
  name: 'photo-copies',
  up(connection) {
    connection.exec(`
      CREATE TABLE photo_parts_with_copies (
        part_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        lead_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('live-video', 'raw', 'copy')),
        CHECK (part_id <> lead_id)
      );
      INSERT INTO photo_parts_with_copies (part_id, lead_id, kind) SELECT part_id, lead_id, kind FROM photo_parts;
      DROP TABLE photo_parts;
      ALTER TABLE photo_parts_with_copies RENAME TO photo_parts;
      CREATE INDEX photo_parts_by_lead ON photo_parts(lead_id);
    `);
  },
};
