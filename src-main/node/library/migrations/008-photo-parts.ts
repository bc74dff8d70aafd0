import type { Migration } from './migration';

/**
 * Pairs shown as one item: a Live Photo's video, or a RAW beside its JPEG/HEIC (same folder, same
 * name), is a part of its still, the lead. Parts stay photos of their own (indexed, searchable,
 * with their vectors); the grid lists leads only, and search folds a part's match into its lead.
 * Recomputed for a folder after each complete scan (photo-pairs.ts).
 */
export const photoParts: Migration = {
  version: 8,
  name: 'photo-parts',
  up(connection) {
    connection.exec(`
      CREATE TABLE photo_parts (
        part_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        lead_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('live-video', 'raw')),
        CHECK (part_id <> lead_id)
      );
      CREATE INDEX photo_parts_by_lead ON photo_parts(lead_id);
    `);
  },
};
