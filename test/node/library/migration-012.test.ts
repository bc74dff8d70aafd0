/** Migration 12 (history): a v11 library gains an empty history that keeps what each change needs to be undone. */
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

it('adds an empty history table to a v11 library, its photos and tags untouched', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  runMigrations(connection, path, MIGRATIONS.slice(0, 11));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES (1, 1, '/p/a.jpg', 1, 1, 'h1', 'jpeg', 'now');
  `);
  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 12))).toMatchObject({ fromVersion: 11, toVersion: 12 });
  expect(MIGRATIONS[11]?.name).toBe('history');
  expect(connection.prepare('SELECT count(*) FROM history').pluck().get()).toBe(0);
  connection
    .prepare("INSERT INTO history (kind, description, payload, created_at) VALUES ('folder-add', 'Added the folder /p to the library.', ?, 'now')")
    .run(JSON.stringify({ kind: 'folder-add', path: '/p' }));
  expect(connection.prepare('SELECT kind, undone_at AS undoneAt FROM history').get()).toEqual({ kind: 'folder-add', undoneAt: null });
  expect(connection.prepare('SELECT path FROM photos').pluck().all()).toEqual(['/p/a.jpg']);
  connection.close();
});
