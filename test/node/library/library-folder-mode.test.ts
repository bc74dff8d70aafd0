/**
 * A library Lumen creates is readable by its owner only: its database lists every photo's path,
 * place and tags, and its thumbnails show the photos. A folder the person made themselves keeps
 * the mode they gave it.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { makeTempDir } from './library-fixtures';

let base: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: base, cleanup } = makeTempDir());
});
afterEach(() => cleanup());

it.skipIf(process.platform === 'win32')('creates a new library folder owner-only (0700)', () => {
  const libraryDir = join(base, 'Lumen', 'library');
  LibraryDb.open(libraryDir).close();
  expect(statSync(libraryDir).mode & 0o777).toBe(0o700);
});

it.skipIf(process.platform === 'win32')('leaves the mode of a folder that already exists as it is', () => {
  const libraryDir = join(base, 'shared-library');
  mkdirSync(libraryDir);
  chmodSync(libraryDir, 0o750);
  LibraryDb.open(libraryDir).close();
  expect(statSync(libraryDir).mode & 0o777).toBe(0o750);
});
