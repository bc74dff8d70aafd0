import { afterEach, beforeEach, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { SettingsRepository } from '../../../src-main/node/library/settings-repository';
import { makeTempDir } from './library-fixtures';

let dir: string;
let cleanup: () => void;
let db: LibraryDb;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  db = LibraryDb.open(dir);
});
afterEach(() => {
  db.close();
  cleanup();
});

it('sets, overwrites, reads back after reopening, and deletes', () => {
  const settings = new SettingsRepository(db);
  expect(settings.get('vector-backend')).toBeUndefined();
  settings.set('vector-backend', 'vss');
  settings.set('vector-backend', 'vec');
  db.close();

  db = LibraryDb.open(dir);
  const reopened = new SettingsRepository(db);
  expect(reopened.get('vector-backend')).toBe('vec');
  reopened.delete('vector-backend');
  expect(reopened.get('vector-backend')).toBeUndefined();
});

it('getChoice only returns allowed values', () => {
  const settings = new SettingsRepository(db);
  settings.set('vector-backend', 'faiss-gpu');
  expect(settings.getChoice('vector-backend', ['vss', 'vec'] as const)).toBeUndefined();
  settings.set('vector-backend', 'vss');
  expect(settings.getChoice('vector-backend', ['vss', 'vec'] as const)).toBe('vss');
});
