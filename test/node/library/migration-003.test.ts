/** Migration 3 (search, tags, classify): photos already in a v2 library become searchable by name at once. */
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

it('fills the full-text index from the photos a v2 library already has, and keeps it current', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  runMigrations(connection, path, MIGRATIONS.slice(0, 2));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/photos', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, indexed_at) VALUES (7, 1, '/photos/Paris 2019/eiffel_tower.jpg', 1, 1, 'h', 'now');
  `);
  const outcome = runMigrations(connection, path, MIGRATIONS.slice(0, 3));
  expect(outcome).toMatchObject({ fromVersion: 2, toVersion: 3 });
  const match = (words: string) => connection.prepare('SELECT rowid FROM photo_text WHERE photo_text MATCH ?').pluck().all(words);
  expect(match('paris')).toEqual([7]);
  expect(match('eiffel')).toEqual([7]);
  connection.prepare("UPDATE photos SET path = '/photos/London/bridge.jpg' WHERE id = 7").run();
  expect(match('paris')).toEqual([]);
  expect(match('bridge')).toEqual([7]);
  connection.close();
});
