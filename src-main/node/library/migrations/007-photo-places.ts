import type { Migration } from './migration';

/**
 * Where and when, as far as the photo and the files beside it say: GPS, the zone of the capture
 * time, where the date came from ('file-time' is an estimate), the place in words from the
 * bundled gazetteer, and which version of the metadata reader filled these in (0: a photo indexed
 * before it, whose new columns are still empty).
 *
 * `photo_text` (FTS5, which cannot add a column) is rebuilt with a `place` column, so a text
 * search for "Lisbon" finds the photos taken there; the tag triggers keep working unchanged.
 */
export const photoPlaces: Migration = {
  version: 7,
  name: 'photo-places',
  up(connection) {
    connection.exec(`
      ALTER TABLE photos ADD COLUMN taken_at_source TEXT
        CHECK (taken_at_source IS NULL OR taken_at_source IN ('exif', 'xmp', 'takeout', 'file-name', 'file-time'));
      ALTER TABLE photos ADD COLUMN time_offset TEXT;
      ALTER TABLE photos ADD COLUMN latitude REAL;
      ALTER TABLE photos ADD COLUMN longitude REAL;
      ALTER TABLE photos ADD COLUMN altitude REAL;
      ALTER TABLE photos ADD COLUMN place_city TEXT;
      ALTER TABLE photos ADD COLUMN place_country TEXT;
      ALTER TABLE photos ADD COLUMN place_country_code TEXT;
      ALTER TABLE photos ADD COLUMN metadata_version INTEGER NOT NULL DEFAULT 0;

      -- Before this version only EXIF gave dates.
      UPDATE photos SET taken_at_source = 'exif' WHERE taken_at IS NOT NULL;
      CREATE INDEX photos_by_metadata_version ON photos(metadata_version);
      CREATE INDEX photos_by_place ON photos(place_country, place_city);

      DROP TRIGGER photo_text_insert;
      DROP TABLE photo_text;
      CREATE VIRTUAL TABLE photo_text USING fts5(path, tags, place, tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO photo_text (rowid, path, tags, place)
        SELECT photos.id, photos.path, photo_tag_text.text, '' FROM photos JOIN photo_tag_text ON photo_tag_text.photo_id = photos.id;

      CREATE TRIGGER photo_text_insert AFTER INSERT ON photos BEGIN
        INSERT INTO photo_text (rowid, path, tags, place)
        VALUES (new.id, new.path, '', trim(coalesce(new.place_city, '') || ' ' || coalesce(new.place_country, '')));
      END;
      CREATE TRIGGER photo_text_place AFTER UPDATE OF place_city, place_country ON photos BEGIN
        UPDATE photo_text SET place = trim(coalesce(new.place_city, '') || ' ' || coalesce(new.place_country, '')) WHERE rowid = new.id;
      END;
    `);
  },
};
