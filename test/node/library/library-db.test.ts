import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/node/library/migrations';
import { LumenFailure } from '../../../src-common/result';
import { makeTempDir } from './library-fixtures';

let dir: string;
let cleanup: () => void;
const opened: LibraryDb[] = [];

function open(libraryDir = dir, options?: { readonly?: boolean }): LibraryDb {
  const db = LibraryDb.open(libraryDir, options);
  opened.push(db);
  return db;
}

function failureCode(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof LumenFailure) return error.code;
    throw error;
  }
  return undefined;
}

beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  cleanup();
});

describe('LibraryDb.open', () => {
  it('creates the folder and a database at the latest schema, in WAL mode with foreign keys on', () => {
    const libraryDir = join(dir, 'nested', 'library');
    const db = open(libraryDir);

    expect(existsSync(join(libraryDir, 'lumen.db'))).toBe(true);
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(db.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.connection.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.connection.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.migration).toEqual({ fromVersion: 0, toVersion: LATEST_SCHEMA_VERSION, backupPath: null });
    expect(existsSync(join(libraryDir, 'lumen.db.bak-v0'))).toBe(false);
  });

  it('reopens an up-to-date library without migrating or backing up', () => {
    open().close();
    const db = open();
    expect(db.migration).toEqual({ fromVersion: LATEST_SCHEMA_VERSION, toVersion: LATEST_SCHEMA_VERSION, backupPath: null });
  });

  it('refuses a library written by a newer Lumen and leaves it untouched', () => {
    open().close();
    const raw = new Database(join(dir, 'lumen.db'));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();

    expect(failureCode(() => open())).toBe('library-too-new');
    expect(failureCode(() => open(dir, { readonly: true }))).toBe('library-too-new');
    const check = new Database(join(dir, 'lumen.db'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });

  it('reports a file that is not a database as an unreadable library', () => {
    writeFileSync(join(dir, 'lumen.db'), 'these are not the pages you are looking for'.repeat(200));
    expect(failureCode(() => open())).toBe('library-unreadable');
  });

  it('read-only: needs an existing, up-to-date library and cannot write', () => {
    expect(failureCode(() => open(join(dir, 'missing'), { readonly: true }))).toBe('missing-library');
    expect(existsSync(join(dir, 'missing'))).toBe(false);

    const outdated = new Database(join(dir, 'lumen.db'));
    outdated.exec('CREATE TABLE something (x)');
    outdated.close();
    expect(failureCode(() => open(dir, { readonly: true }))).toBe('library-needs-upgrade');

    open().close();
    const db = open(dir, { readonly: true });
    expect(db.readonly).toBe(true);
    expect(() => db.connection.exec("INSERT INTO settings (key, value) VALUES ('a', 'b')")).toThrow(/readonly/);
  });

  it('caches prepared statements per SQL text', () => {
    const db = open();
    expect(db.prepare('SELECT 1')).toBe(db.prepare('SELECT 1'));
    expect(db.prepare('SELECT 1')).not.toBe(db.prepare('SELECT 2'));
  });

  it('rolls a transaction back when the work throws', () => {
    const db = open();
    expect(() =>
      db.transaction(() => {
        db.connection.exec("INSERT INTO settings (key, value) VALUES ('k', 'v')");
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    expect(db.transaction(() => 42)).toBe(42);
  });

  it('enforces foreign keys', () => {
    const db = open();
    expect(() =>
      db.connection.exec(`INSERT INTO photos (root_id, path, size, mtime_ms, content_hash, indexed_at) VALUES (999, '/x.jpg', 1, 1, 'h', 'now')`),
    ).toThrow(/FOREIGN KEY/);
  });

  it('close and dispose are idempotent', () => {
    const db = open();
    db.close();
    db.dispose();
    expect(db.isOpen).toBe(false);
  });
});
