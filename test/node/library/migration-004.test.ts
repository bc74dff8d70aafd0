/** Migration 4 (file operation steps): a v3 journal keeps every row, and takes the new steps and restore names. */
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

it('keeps the journal of a v3 library and accepts the new steps', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, 3));
  connection.exec(`
    INSERT INTO file_batches (id, action, description, created_at) VALUES (1, 'move', 'move 2 photos', 'now');
    INSERT INTO file_operations (id, batch_id, source, destination, size, sha256, status) VALUES
      (1, 1, '/a/p1.jpg', '/b/p1.jpg', 10, 'h1', 'done'),
      (2, 1, '/a/p2.jpg', '/b/p2.jpg', 20, 'h2', 'planned');
  `);
  expect(() => connection.prepare("UPDATE file_operations SET status = 'copied' WHERE id = 1").run()).toThrow(/CHECK/);
  const outcome = runMigrations(connection, path, MIGRATIONS.slice(0, 4));
  expect(outcome).toMatchObject({ fromVersion: 3, toVersion: 4 });
  const rows = connection
    .prepare('SELECT id, batch_id AS batchId, source, destination, size, sha256, status, restored_to AS restoredTo FROM file_operations ORDER BY id')
    .all();
  expect(rows).toEqual([
    { id: 1, batchId: 1, source: '/a/p1.jpg', destination: '/b/p1.jpg', size: 10, sha256: 'h1', status: 'done', restoredTo: null },
    { id: 2, batchId: 1, source: '/a/p2.jpg', destination: '/b/p2.jpg', size: 20, sha256: 'h2', status: 'planned', restoredTo: null },
  ]);
  for (const status of ['copied', 'undoing', 'undone']) connection.prepare('UPDATE file_operations SET status = ? WHERE id = 2').run(status);
  expect(() => connection.prepare("UPDATE file_operations SET status = 'lost' WHERE id = 2").run()).toThrow(/CHECK/);
  expect(() =>
    connection
      .prepare("INSERT INTO file_operations (batch_id, source, destination, size, sha256, status) VALUES (1, '/x', '/b/p1.jpg', 1, 'h', 'planned')")
      .run(),
  ).toThrow(/UNIQUE/);
  connection.exec('DELETE FROM file_batches WHERE id = 1');
  expect(connection.prepare('SELECT count(*) FROM file_operations').pluck().get()).toBe(0);
  connection.close();
});
