/** Migration 11 (photo content identifier): a v10 library's photos take Apple's identifier, none yet for those already indexed. */
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

it('adds a content identifier to photos, empty for the photos a v10 library holds', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  runMigrations(connection, path, MIGRATIONS.slice(0, 10));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES (1, 1, '/p/IMG_1.HEIC', 1, 1, 'h1', 'heic', 'now');
  `);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 11))).toMatchObject({ fromVersion: 10, toVersion: 11 });
  expect(MIGRATIONS[10]?.version).toBe(11);
  expect(connection.prepare('SELECT content_identifier FROM photos WHERE id = 1').pluck().get()).toBeNull();
  connection.exec("UPDATE photos SET content_identifier = 'A1B2' WHERE id = 1");
  expect(connection.prepare('SELECT content_identifier FROM photos WHERE id = 1').pluck().get()).toBe('A1B2');
  connection.close();
});
