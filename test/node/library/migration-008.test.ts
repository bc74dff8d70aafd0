/** Migration 8 (photo parts): a v7 library takes parts, each a photo of another, gone with either. */
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

it('adds photo parts to a v7 library, keyed to photos, removed with the part or its lead', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, 7));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES
      (1, 1, '/p/IMG_1.HEIC', 1, 1, 'h1', 'heic', 'now'), (2, 1, '/p/IMG_1.MOV', 2, 2, 'h2', 'mov', 'now'), (3, 1, '/p/IMG_1.DNG', 3, 3, 'h3', 'dng', 'now');
  `);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 8))).toMatchObject({ fromVersion: 7, toVersion: 8 });
  expect(MIGRATIONS[7]?.version).toBe(8);
  connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (2, 1, 'live-video'), (3, 1, 'raw')");
  expect(() => connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (1, 1, 'raw')")).toThrow(/CHECK/);
  expect(() => connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (1, 3, 'sidecar')")).toThrow(/CHECK/);
  expect(() => connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (1, 9, 'raw')")).toThrow(/FOREIGN KEY/);
  connection.exec('DELETE FROM photos WHERE id = 3');
  expect(connection.prepare('SELECT part_id FROM photo_parts').pluck().all()).toEqual([2]);
  connection.exec('DELETE FROM photos WHERE id = 1');
  expect(connection.prepare('SELECT count(*) FROM photo_parts').pluck().get()).toBe(0);
  connection.close();
});
