/** Library page size: new libraries get large pages; older ones are rewritten into them once no other connection has them open. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { runMigrations } from '../../../src-main/node/library/migrate';
import { LIBRARY_PAGE_SIZE } from '../../../src-main/node/library/page-size';
import { makeTempDir } from './library-fixtures';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  path = join(dir, 'lumen.db');
});
afterEach(() => cleanup());

const pragma = (db: LibraryDb, name: string): unknown => db.connection.pragma(name, { simple: true });

it('creates a new library with LIBRARY_PAGE_SIZE pages, in WAL mode', () => {
  const db = LibraryDb.open(dir);
  expect(pragma(db, 'page_size')).toBe(LIBRARY_PAGE_SIZE);
  expect(pragma(db, 'journal_mode')).toBe('wal');
  db.close();
});

it('rewrites a library made with 4 KB pages once it has it to itself, keeping every row and giving freed space back', () => {
  // An up-to-date library as an older Lumen made it: 4 KB pages, and a large table that an upgrade dropped.
  const old = new Database(path);
  old.pragma('journal_mode = WAL');
  runMigrations(old, path);
  old.exec(`INSERT INTO settings (key, value) VALUES ('theme', 'dark'); CREATE TABLE dropped (x BLOB);`);
  const insert = old.prepare('INSERT INTO dropped (x) VALUES (?)');
  old.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(Buffer.alloc(2048, i));
  })();
  old.exec('DROP TABLE dropped');
  old.pragma('wal_checkpoint(TRUNCATE)');
  expect(old.pragma('page_size', { simple: true })).toBe(4096);
  const sizeBefore = statSync(path).size;

  // Another process has it open (it has read from it): leaving WAL mode is refused, nothing changes, nothing fails.
  const other = new Database(path);
  expect(other.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
  old.close();
  let db = LibraryDb.open(dir);
  expect(pragma(db, 'page_size')).toBe(4096);
  expect(pragma(db, 'journal_mode')).toBe('wal');
  expect(db.connection.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
  db.close();
  other.close();

  db = LibraryDb.open(dir);
  expect(pragma(db, 'page_size')).toBe(LIBRARY_PAGE_SIZE);
  expect(pragma(db, 'journal_mode')).toBe('wal');
  expect(pragma(db, 'integrity_check')).toBe('ok');
  expect(db.connection.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
  expect(statSync(path).size).toBeLessThan(sizeBefore / 2);
  db.close();
});
