/**
 * A library folder another account owns, or every account may write, is refused before anything is
 * written in it: the other account could read the database (every photo's path, place and tags)
 * and the thumbnails of private photos, or plant links that Lumen's writes would follow. The
 * attack: another user makes `/tmp/photos-library` first, and the owner of the photos then runs
 * `lumen index --library /tmp/photos-library` (as user nobody through setpriv; needs root).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { makeTempDir } from './library-fixtures';

const NOBODY = 65_534;

function whyNotTwoUsers(): string | null {
  if (process.platform === 'win32') return 'POSIX owners only';
  if (process.getuid?.() !== 0) return 'needs root, to make the folder as another user';
  if (spawnSync('setpriv', ['--version']).status !== 0) return 'needs setpriv (Debian: util-linux) to run as user nobody';
  return null;
}
const twoUsersSkip = whyNotTwoUsers();

function asNobody(...command: string[]): void {
  const run = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...command], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command.join(' ')} as nobody failed: ${run.stderr}`);
}

function refusal(libraryDir: string, options: { readonly?: boolean } = {}): LumenFailure {
  try {
    LibraryDb.open(libraryDir, options).close();
  } catch (error) {
    if (error instanceof LumenFailure) return error;
    throw error;
  }
  throw new Error(`${libraryDir} was opened`);
}

let base: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir: base, cleanup } = makeTempDir());
});
afterEach(() => cleanup());

it.skipIf(twoUsersSkip !== null)(
  `refuses a library folder another account made, and writes nothing in it${twoUsersSkip ? ` (skipped: ${twoUsersSkip})` : ''}`,
  () => {
    // A shared folder such as /tmp, where another account can make a folder before the owner does.
    chmodSync(base, 0o1777);
    const libraryDir = join(base, 'photos-library');
    // Owner-only, so nothing looks wrong from the mode; the owner can still read all of it.
    asNobody('mkdir', '-m', '700', libraryDir);
    asNobody('mkdir', '-m', '700', join(libraryDir, 'logs'));
    const secret = join(base, 'victim-file');
    writeFileSync(secret, 'untouched\n', { mode: 0o600 });
    asNobody('ln', '-s', secret, join(libraryDir, 'logs', 'lumen.log'));

    const failure = refusal(libraryDir);
    expect(failure.code).toBe('library-unsafe');
    expect(failure.message).toContain(libraryDir);
    expect(failure.message).toContain(`user id ${NOBODY}`);
    expect(readdirSync(libraryDir).sort()).toEqual(['logs']);
    // A database the other account left there is not read either (a search opens the library read-only).
    asNobody('touch', join(libraryDir, 'lumen.db'));
    expect(refusal(libraryDir, { readonly: true }).code).toBe('library-unsafe');
  },
);

it.skipIf(process.platform === 'win32')('refuses a library folder every account may write (umask 000, chmod 777), and writes nothing in it', () => {
  const libraryDir = join(base, 'open-library');
  mkdirSync(libraryDir);
  chmodSync(libraryDir, 0o777);
  const failure = refusal(libraryDir);
  expect(failure.code).toBe('library-unsafe');
  expect(failure.message).toContain(libraryDir);
  expect(failure.message).toContain('777');
  expect(readdirSync(libraryDir)).toEqual([]);
});

it.skipIf(process.platform === 'win32')('judges the folder a link names, not the link', () => {
  const target = join(base, 'open-target');
  mkdirSync(target);
  chmodSync(target, 0o777);
  const link = join(base, 'library-link');
  symlinkSync(target, link);
  expect(refusal(link).code).toBe('library-unsafe');

  const ownTarget = join(base, 'own-target');
  mkdirSync(ownTarget, { mode: 0o700 });
  const ownLink = join(base, 'own-link');
  symlinkSync(ownTarget, ownLink);
  LibraryDb.open(ownLink).close();
  expect(statSync(join(ownTarget, 'lumen.db')).isFile()).toBe(true);
});

it.skipIf(process.platform === 'win32')('opens a folder of its own that others may read or its group may write (a library shared on purpose)', () => {
  const libraryDir = join(base, 'family-library');
  mkdirSync(libraryDir);
  chmodSync(libraryDir, 0o775);
  LibraryDb.open(libraryDir).close();
  expect(statSync(join(libraryDir, 'lumen.db')).isFile()).toBe(true);
});
