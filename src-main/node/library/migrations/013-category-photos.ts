import type { Migration } from './migration';

/**
 * Which library photos were filed into which category (by classify, or by hand), so a category can
 * be browsed like a tag. A photo moved into the category folder keeps its row when the next index
 * run finds it there, so it stays a member; a copy in the library is a part of its photo, which is
 * the member. A filing that came with a copy or move names its journal batch: once that batch is
 * undone the photo is no longer listed (undo needs to know nothing of categories). A row goes with
 * its category or its photo.
 */
export const categoryPhotos: Migration = {
  version: 13,
  name: 'category-photos',
  up(connection) {
    connection.exec(`
      CREATE TABLE category_photos (
        category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        -- The copy or move that filed it; NULL when nothing was copied or moved (it was in the folder already).
        batch_id INTEGER REFERENCES file_batches(id) ON DELETE SET NULL,
        filed_at TEXT NOT NULL,
        PRIMARY KEY (category_id, photo_id)
      );
      CREATE INDEX category_photos_by_photo ON category_photos(photo_id);
    `);
  },
};
