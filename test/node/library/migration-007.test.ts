/** Migration 7 (photo places): a v6 library keeps its photos, dates and tag text, and gains GPS, zone, date source and place. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runMigrations } from '../../../src-main/node/library/migrate';
import { MIGRATIONS } from '../../../src-main/node/library/migrations';
import { photoPlaces } from '../../../src-main/node/library/migrations/007-photo-places';
import { makeTempDir } from './library-fixtures';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

const VERSION = MIGRATIONS.indexOf(photoPlaces) + 1;

function matches(connection: Database.Database, query: string): number[] {
  return connection.prepare('SELECT rowid FROM photo_text WHERE photo_text MATCH ? ORDER BY rowid').pluck().all(query) as number[];
}

it('keeps photos, marks their EXIF dates and makes places searchable as words', () => {
  expect(photoPlaces.version).toBe(VERSION);
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, VERSION - 1));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, taken_at, indexed_at) VALUES
      (1, 1, '/p/beach/a.jpg', 1, 1, 'h1', '2024-07-14T18:30:05', 'now'),
      (2, 1, '/p/b.jpg', 1, 1, 'h2', NULL, 'now');
    INSERT INTO tags (id, name, created_at) VALUES (1, 'sunset', 'now');
    INSERT INTO photo_tags (photo_id, tag_id, state, source, updated_at) VALUES (2, 1, 'accepted', 'manual', 'now');
  `);
  const outcome = runMigrations(connection, path, MIGRATIONS.slice(0, VERSION));
  expect(outcome).toMatchObject({ fromVersion: VERSION - 1, toVersion: VERSION });

  const rows = connection
    .prepare('SELECT id, taken_at_source AS source, latitude, place_city AS city, metadata_version AS version FROM photos ORDER BY id')
    .all();
  expect(rows).toEqual([
    { id: 1, source: 'exif', latitude: null, city: null, version: 0 },
    { id: 2, source: null, latitude: null, city: null, version: 0 },
  ]);
  // The rebuilt text index still has paths and tags, and its triggers still follow them.
  expect(matches(connection, 'beach')).toEqual([1]);
  expect(matches(connection, 'sunset')).toEqual([2]);
  connection.exec("INSERT INTO photo_tags (photo_id, tag_id, state, source, updated_at) VALUES (1, 1, 'accepted', 'manual', 'now')");
  expect(matches(connection, 'sunset')).toEqual([1, 2]);

  // A place written later is found by its words, accents or not.
  connection.exec("UPDATE photos SET place_city = 'São Paulo', place_country = 'Brazil', latitude = -23.55, longitude = -46.63 WHERE id = 2");
  expect(matches(connection, 'place: "sao paulo"')).toEqual([2]);
  connection.exec(`INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, place_city, place_country, indexed_at)
                   VALUES (3, 1, '/p/c.jpg', 1, 1, 'h3', 'Lisbon', 'Portugal', 'now')`);
  expect(matches(connection, 'lisbon')).toEqual([3]);
  connection.exec('DELETE FROM photos WHERE id = 3');
  expect(matches(connection, 'lisbon')).toEqual([]);

  expect(() => connection.prepare("UPDATE photos SET taken_at_source = 'guess' WHERE id = 1").run()).toThrow(/CHECK/);
  connection.close();
});
