/** Migration 6 (videos): a v5 library keeps its photos and vectors, and takes videos with their keyframe vectors. */
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

it('adds videos and their frames to a v5 library, keyed to photos and towers, removed with them', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  connection.pragma('foreign_keys = ON');
  runMigrations(connection, path, MIGRATIONS.slice(0, 5));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now');
    INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES
      (1, 1, '/p/a.jpg', 1, 1, 'h1', 'jpeg', 'now'), (2, 1, '/p/clip.mp4', 2, 2, 'h2', 'mp4', 'now');
    INSERT INTO image_towers (id, tower_id, model_name, dim, created_at) VALUES (1, 't', 'm', 2, 'now');
    INSERT INTO embeddings (photo_id, tower_row_id, vector) VALUES (1, 1, x'0000803f00000000');
  `);
  expect(() => connection.exec('SELECT 1 FROM video_frames')).toThrow(/no such table/);
  const outcome = runMigrations(connection, path, MIGRATIONS.slice(0, 6));
  expect(outcome).toMatchObject({ fromVersion: 5, toVersion: 6 });
  expect(MIGRATIONS[5]?.version).toBe(6);
  expect(connection.prepare('SELECT count(*) FROM embeddings').pluck().get()).toBe(1);
  connection.exec(`
    INSERT INTO videos (photo_id, duration_ms, rotation, codec) VALUES (2, 8000, 90, 'h264');
    INSERT INTO video_frames (photo_id, tower_row_id, time_ms, vector) VALUES (2, 1, 1000, x'00'), (2, 1, 3000, x'00');
  `);
  expect(() => connection.exec("INSERT INTO video_frames (photo_id, tower_row_id, time_ms, vector) VALUES (2, 1, 1000, x'01')")).toThrow(/UNIQUE/);
  expect(() => connection.exec("INSERT INTO video_frames (photo_id, tower_row_id, time_ms, vector) VALUES (2, 1, -5, x'01')")).toThrow(/CHECK/);
  expect(() => connection.exec("INSERT INTO video_frames (photo_id, tower_row_id, time_ms, vector) VALUES (9, 1, 0, x'01')")).toThrow(/FOREIGN KEY/);
  connection.exec('DELETE FROM photos WHERE id = 2');
  expect(connection.prepare('SELECT count(*) FROM video_frames').pluck().get()).toBe(0);
  expect(connection.prepare('SELECT count(*) FROM videos').pluck().get()).toBe(0);
  connection.close();
});
