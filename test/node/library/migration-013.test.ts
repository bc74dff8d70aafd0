/** Migration 13 (category photos): a v12 library records which photos were filed into which category, gone with either. */
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

it('adds category photos to a v12 library: one row per category and photo, removed with either, the batch forgotten with its batch', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, 12));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES
      (1, 1, '/p/a.jpg', 1, 1, 'h1', 'jpeg', 'now'), (2, 1, '/p/b.jpg', 2, 2, 'h2', 'jpeg', 'now');
    INSERT INTO category_sets (id, name, created_at) VALUES (1, 'trips', 'now');
    INSERT INTO categories (id, set_id, name) VALUES (1, 1, 'beach'), (2, 1, 'city');
    INSERT INTO file_batches (id, action, description, created_at) VALUES (7, 'copy', 'copy 1 photo', 'now');
  `);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 13))).toMatchObject({ fromVersion: 12, toVersion: 13 });
  expect(MIGRATIONS[12]?.version).toBe(13);
  connection.exec(`INSERT INTO category_photos (category_id, photo_id, batch_id, filed_at) VALUES (1, 1, 7, 'now'), (1, 2, NULL, 'now'), (2, 2, NULL, 'now')`);
  expect(() => connection.exec(`INSERT INTO category_photos (category_id, photo_id, filed_at) VALUES (1, 1, 'now')`)).toThrow(/UNIQUE|PRIMARY KEY/);
  expect(() => connection.exec(`INSERT INTO category_photos (category_id, photo_id, filed_at) VALUES (1, 9, 'now')`)).toThrow(/FOREIGN KEY/);
  connection.exec('DELETE FROM file_batches WHERE id = 7');
  expect(connection.prepare('SELECT batch_id FROM category_photos WHERE photo_id = 1').pluck().get()).toBeNull();
  connection.exec('DELETE FROM photos WHERE id = 1');
  connection.exec('DELETE FROM categories WHERE id = 2');
  expect(connection.prepare("SELECT category_id || ':' || photo_id FROM category_photos").pluck().all()).toEqual(['1:2']);
  connection.close();
});
