import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { runMigrations } from '../../../src-main/node/library/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../../src-main/node/library/migrations';
import { makeTempDir } from './library-fixtures';

let dir: string;
let cleanup: () => void;
let dbPath: string;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  dbPath = join(dir, 'lumen.db');
});
afterEach(() => cleanup());

function tableNames(connection: Database.Database): string[] {
  return connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

function schemaText(connection: Database.Database): string {
  return (connection.prepare('SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name').pluck().all() as string[]).join(';\n');
}

function userVersion(path: string): number {
  const connection = new Database(path, { readonly: true });
  try {
    return connection.pragma('user_version', { simple: true }) as number;
  } finally {
    connection.close();
  }
}

describe('migration list', () => {
  it('is numbered 1..n in order, and the latest version is its length', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('refuses a list with a gap', () => {
    const connection = new Database(dbPath);
    const [first] = MIGRATIONS;
    if (!first) throw new Error('no migrations');
    expect(() => runMigrations(connection, dbPath, [first, { ...first, version: 3 }])).toThrow(/version 3 at position 2/);
    connection.close();
  });
});

/** Migrations that correct stored values and leave the schema as it was. */
const DATA_ONLY = new Set(['impossible-exif-dates']);

describe.each(MIGRATIONS.map((migration) => [migration.version, migration.name, migration] as const))('migration %i (%s)', (version, _name, migration) => {
  it('applies on top of the previous ones and records its version', () => {
    const connection = new Database(dbPath);
    runMigrations(connection, dbPath, MIGRATIONS.slice(0, version - 1));
    const before = schemaText(connection);
    const outcome = runMigrations(connection, dbPath, MIGRATIONS.slice(0, version));
    expect(outcome.toVersion).toBe(version);
    expect(connection.pragma('user_version', { simple: true })).toBe(version);
    // Each step changes the schema (new tables, or a table rebuilt in a new shape), but for those that correct stored data.
    if (!DATA_ONLY.has(migration.name)) expect(schemaText(connection)).not.toBe(before);
    expect(connection.pragma('foreign_key_check')).toEqual([]);
    connection.close();
    expect(migration.version).toBe(version);
  });
});

describe('upgrading', () => {
  it('a fresh database goes straight to the latest version without a backup', () => {
    const db = LibraryDb.open(dir);
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(db.connection)).toEqual(
      expect.arrayContaining(['roots', 'photos', 'photo_errors', 'image_towers', 'embeddings', 'settings', 'vector_index_sync']),
    );
    db.close();
    expect(existsSync(`${dbPath}.bak-v0`)).toBe(false);
  });

  it('v0 with content: keeps the data and backs the original up first', () => {
    const v0 = new Database(dbPath);
    v0.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me')");
    v0.close();

    const db = LibraryDb.open(dir);
    expect(db.migration.backupPath).toBe(`${dbPath}.bak-v0`);
    expect(db.prepare('SELECT text FROM notes').pluck().get()).toBe('keep me');
    db.close();

    const backup = new Database(`${dbPath}.bak-v0`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(0);
    expect(tableNames(backup)).toEqual(['notes']);
    backup.close();
  });

  it('v1 → latest: keeps roots, photos, towers and embeddings, and backs v1 up', () => {
    const v1 = new Database(dbPath);
    v1.pragma('journal_mode = WAL');
    runMigrations(v1, dbPath, MIGRATIONS.slice(0, 1));
    v1.exec(`
      INSERT INTO roots (id, path, added_at) VALUES (1, '/photos', '2024-01-01T00:00:00.000Z');
      INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, indexed_at)
        VALUES (7, 1, '/photos/a.jpg', 10, 5, 'h', '2024-01-01T00:00:00.000Z');
      INSERT INTO image_towers (id, tower_id, model_name, dim, created_at) VALUES (1, 'tower', 'model', 2, 'x');
      INSERT INTO embeddings (photo_id, tower_row_id, vector) VALUES (7, 1, x'0000803f00000000');
    `);
    // Left in the WAL on purpose: the backup must include what has not been checkpointed.
    v1.pragma('wal_autocheckpoint = 0');
    v1.exec("INSERT INTO settings (key, value) VALUES ('theme', 'dark')");
    // A second reader keeps closing v1 from checkpointing the WAL away.
    const otherReader = new Database(dbPath);
    otherReader.prepare('SELECT count(*) FROM settings').get();
    v1.close();
    expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);

    const db = LibraryDb.open(dir);
    expect(db.migration).toEqual({ fromVersion: 1, toVersion: LATEST_SCHEMA_VERSION, backupPath: `${dbPath}.bak-v1` });
    expect(db.prepare('SELECT path FROM photos WHERE id = 7').pluck().get()).toBe('/photos/a.jpg');
    expect(db.prepare('SELECT hex(vector) FROM embeddings').pluck().get()).toBe('0000803F00000000');
    expect(db.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
    db.close();
    otherReader.close();

    expect(userVersion(`${dbPath}.bak-v1`)).toBe(1);
    const backup = new Database(`${dbPath}.bak-v1`, { readonly: true });
    expect(backup.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
    expect(tableNames(backup)).not.toContain('vector_index_sync');
    backup.close();
  });

  it('replaces a leftover backup of the same version', () => {
    const v1 = new Database(dbPath);
    runMigrations(v1, dbPath, MIGRATIONS.slice(0, 1));
    v1.close();
    writeFileSync(`${dbPath}.bak-v1`, 'stale leftover');

    LibraryDb.open(dir).close();
    expect(userVersion(`${dbPath}.bak-v1`)).toBe(1);
  });

  it('a failing migration rolls back entirely and leaves the previous version', () => {
    const [first] = MIGRATIONS;
    if (!first) throw new Error('no migrations');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(connection) {
        connection.exec('CREATE TABLE half_done (x)');
        throw new Error('migration bug');
      },
    };
    const connection = new Database(dbPath);
    runMigrations(connection, dbPath, [first]);
    expect(() => runMigrations(connection, dbPath, [first, broken])).toThrow('migration bug');
    expect(connection.pragma('user_version', { simple: true })).toBe(1);
    expect(tableNames(connection)).not.toContain('half_done');
    connection.close();
  });
});
