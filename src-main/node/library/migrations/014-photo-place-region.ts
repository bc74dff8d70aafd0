import type { Migration } from './migration';

/**
 * The place's region (state, province: GeoNames' first-level division) beside its town and country,
 * and in the text index's `place` column between them ("San Francisco California United States"),
 * so a text search or `--place` for "California" finds the photos taken there. Photos indexed
 * before have no region until `lumen index --refresh-metadata` reads them again.
 */
export const photoPlaceRegion: Migration = {
  version: 14,
  name: 'photo-place-region',
  up(connection) {
    connection.exec(`
      ALTER TABLE photos ADD COLUMN place_region TEXT;

      DROP TRIGGER photo_text_insert;
      CREATE TRIGGER photo_text_insert AFTER INSERT ON photos BEGIN
        INSERT INTO photo_text (rowid, path, tags, place)
        VALUES (new.id, new.path, '', trim(coalesce(new.place_city, '') || ' ' || coalesce(new.place_region, '') || ' ' || coalesce(new.place_country, '')));
      END;
      DROP TRIGGER photo_text_place;
      CREATE TRIGGER photo_text_place AFTER UPDATE OF place_city, place_region, place_country ON photos BEGIN
        UPDATE photo_text SET place = trim(coalesce(new.place_city, '') || ' ' || coalesce(new.place_region, '') || ' ' || coalesce(new.place_country, ''))
        WHERE rowid = new.id;
      END;
    `);
  },
};
