/** Migration 15 (impossible EXIF dates): a stored EXIF date that names no real moment is dropped and its photo marked to be read again. */
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

it('drops the EXIF dates a corrupted clock wrote and marks those photos for --refresh-metadata, keeping every real date', () => {
  const path = join(dir, 'lumen.db');
  const connection = new Database(path);
  runMigrations(connection, path, MIGRATIONS.slice(0, 14));
  const stored: [string, string | null, string | null][] = [
    ['2021-13-45T25:61:61', 'exif', '+02:00'],
    ['2005-00-00T00:00:00', 'exif', null],
    ['2023-02-30T12:00:00', 'exif', null],
    ['2023-06-01T24:00:00', 'exif', null],
    ['2024-02-29T23:59:59', 'exif', '+01:00'],
    ['2019-07-14T18:30:05', 'exif', null],
    ['2021-05-01', 'file-name', null],
    ['2020-03-01T10:00:00.000Z', 'file-time', '+00:00'],
  ];
  connection.exec("INSERT INTO roots (id, path, added_at) VALUES (1, '/p', 'now')");
  const insert = connection.prepare(
    `INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at, taken_at, taken_at_source, time_offset, metadata_version)
     VALUES (?, 1, ?, 1, 1, ?, 'jpeg', 'now', ?, ?, ?, 3)`,
  );
  stored.forEach(([takenAt, source, offset], i) => insert.run(i + 1, `/p/${i}.jpg`, `h${i}`, takenAt, source, offset));
  connection
    .prepare(
      "INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, format, indexed_at) VALUES (99, 1, '/p/none.jpg', 1, 1, 'h99', 'jpeg', 'now')",
    )
    .run();

  expect(runMigrations(connection, path, MIGRATIONS.slice(0, 15))).toMatchObject({ fromVersion: 14, toVersion: 15 });
  expect(MIGRATIONS[14]?.version).toBe(15);
  const rows = connection
    .prepare('SELECT id, taken_at AS takenAt, taken_at_source AS source, time_offset AS offset, metadata_version AS version FROM photos ORDER BY id')
    .all();
  expect(rows).toEqual([
    { id: 1, takenAt: null, source: null, offset: null, version: 0 },
    { id: 2, takenAt: null, source: null, offset: null, version: 0 },
    { id: 3, takenAt: null, source: null, offset: null, version: 0 },
    { id: 4, takenAt: null, source: null, offset: null, version: 0 },
    { id: 5, takenAt: '2024-02-29T23:59:59', source: 'exif', offset: '+01:00', version: 3 },
    { id: 6, takenAt: '2019-07-14T18:30:05', source: 'exif', offset: null, version: 3 },
    { id: 7, takenAt: '2021-05-01', source: 'file-name', offset: null, version: 3 },
    { id: 8, takenAt: '2020-03-01T10:00:00.000Z', source: 'file-time', offset: '+00:00', version: 3 },
    { id: 99, takenAt: null, source: null, offset: null, version: 0 },
  ]);
  connection.close();
});
