import type { Migration } from './migration';

/**
 * What a person says about a photo, kept in the library and never written to the file: a
 * favourite, a rating of 1 to 5 stars (0: none), and how the window turns it for display (a
 * quarter turn at a time; the original is never touched). A photo without a row has none of these;
 * a row goes with its photo.
 */
export const photoMarks: Migration = {
  version: 10,
  name: 'photo-marks',
  up(connection) {
    connection.exec(`
      CREATE TABLE photo_marks (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
        rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
        rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270))
      );
      CREATE INDEX photo_marks_favourites ON photo_marks(photo_id) WHERE favourite = 1;
      CREATE INDEX photo_marks_by_rating ON photo_marks(rating) WHERE rating > 0;
    `);
  },
};
