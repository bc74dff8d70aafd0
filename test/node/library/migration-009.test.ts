/** Migration 9 (photo copies): a v8 library keeps its parts and takes exact copies as parts too. */
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

it('keeps the parts of a v8 library and takes copies, still keyed to photos and removed with them', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, 8));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES
      (1, 1, '/p/IMG_1.HEIC', 1, 1, 'h1', 'heic', 'now'), (2, 1, '/p/IMG_1.MOV', 2, 2, 'h2', 'mov', 'now'), (3, 1, '/p/circle/IMG_1.HEIC', 1, 1, 'h1', 'heic', 'now');
    INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (2, 1, 'live-video');
  `);
  expect(() => connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (3, 1, 'copy')")).toThrow(/CHECK/);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 9))).toMatchObject({ fromVersion: 8, toVersion: 9 });
  expect(MIGRATIONS[8]?.version).toBe(9);
  expect(connection.prepare('SELECT part_id, lead_id, kind FROM photo_parts').all()).toEqual([{ part_id: 2, lead_id: 1, kind: 'live-video' }]);
  connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (3, 1, 'copy')");
  expect(() => connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (1, 1, 'copy')")).toThrow(/CHECK/);
  expect(() => connection.exec("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (1, 9, 'copy')")).toThrow(/FOREIGN KEY/);
  connection.exec('DELETE FROM photos WHERE id = 3');
  expect(connection.prepare('SELECT part_id FROM photo_parts').pluck().all()).toEqual([2]);
  connection.exec('DELETE FROM photos WHERE id = 1');
  expect(connection.prepare('SELECT count(*) FROM photo_parts').pluck().get()).toBe(0);
  connection.close();
});
