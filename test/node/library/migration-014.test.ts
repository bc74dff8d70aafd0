/** Migration 14 (place region): photos take a region, and the text index's place words take it between town and country. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runMigrations } from '../../../src-main/node/library/migrate';
import { MIGRATIONS } from '../../../src-main/node/library/migrations';
import { makeTempDir } from './library-fixtures';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

it('keeps a v13 photo’s place words, and puts a region read later between town and country, as for a new photo', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  runMigrations(connection, path, MIGRATIONS.slice(0, 13));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at, place_city, place_country)
      VALUES (1, 1, '/p/a.jpg', 1, 1, 'h1', 'jpeg', 'now', 'San Francisco', 'United States');
  `);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 14))).toMatchObject({ fromVersion: 13, toVersion: 14 });
  expect(MIGRATIONS[13]?.version).toBe(14);
  const placeWords = (id: number): unknown => connection.prepare('SELECT place FROM photo_text WHERE rowid = ?').pluck().get(id);
  const matching = (query: string): unknown[] =>
    connection.prepare('SELECT rowid FROM photo_text WHERE photo_text MATCH ? ORDER BY rowid').pluck().all(`place : (${query})`);
  expect(connection.prepare('SELECT place_region FROM photos WHERE id = 1').pluck().get()).toBeNull();
  expect(placeWords(1)).toBe('San Francisco United States');

  connection.exec("UPDATE photos SET place_region = 'California' WHERE id = 1");
  expect(placeWords(1)).toBe('San Francisco California United States');
  connection.exec(`
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at, place_city, place_region, place_country)
      VALUES (2, 1, '/p/b.jpg', 1, 1, 'h2', 'jpeg', 'now', 'Munich', 'Bavaria', 'Germany');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES (3, 1, '/p/c.jpg', 1, 1, 'h3', 'jpeg', 'now');
  `);
  expect(placeWords(2)).toBe('Munich Bavaria Germany');
  expect(placeWords(3)).toBe('');
  expect(matching('california')).toEqual([1]);
  expect(matching('"munich bavaria germany" OR bavaria')).toEqual([2]);
  connection.close();
});
