/** Migration 10 (photo marks): a v9 library takes favourites, ratings and rotations, checked, gone with their photo. */
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

it('adds photo marks to a v9 library: one row per photo, valid values only, removed with the photo', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, 9));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES
      (1, 1, '/p/a.jpg', 1, 1, 'h1', 'jpeg', 'now'), (2, 1, '/p/b.jpg', 2, 2, 'h2', 'jpeg', 'now');
  `);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 10))).toMatchObject({ fromVersion: 9, toVersion: 10 });
  expect(MIGRATIONS[9]?.version).toBe(10);
  connection.exec('INSERT INTO photo_marks (photo_id, favourite, rating, rotation) VALUES (1, 1, 5, 270), (2, 0, 0, 0)');
  expect(() => connection.exec('INSERT INTO photo_marks (photo_id, favourite) VALUES (1, 1)')).toThrow(/UNIQUE|PRIMARY KEY/);
  expect(() => connection.exec('UPDATE photo_marks SET rating = 6 WHERE photo_id = 1')).toThrow(/CHECK/);
  expect(() => connection.exec('UPDATE photo_marks SET rotation = 45 WHERE photo_id = 1')).toThrow(/CHECK/);
  expect(() => connection.exec('UPDATE photo_marks SET favourite = 2 WHERE photo_id = 1')).toThrow(/CHECK/);
  expect(() => connection.exec('INSERT INTO photo_marks (photo_id) VALUES (9)')).toThrow(/FOREIGN KEY/);
  connection.exec('DELETE FROM photos WHERE id = 1');
  expect(connection.prepare('SELECT photo_id FROM photo_marks').pluck().all()).toEqual([2]);
  connection.close();
});
