import { constants, type Stats } from 'node:fs';
import { copyFile, link, lstat, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { sha256OfFile } from './file-hash';

/**
 * File steps that survive a crash at any instant: a copy is only ever visible under its final name
 * complete, on disk and verified; nothing is ever overwritten.
 */

/** Error codes of a file system that cannot make hard links (FAT and exFAT drives, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EINVAL']);

/**
 * Gives the file at `from` the name `to` (same volume), failing with EEXIST rather than replacing a
 * file already there: a hard link is made, then the old name removed. A crash in between leaves two
 * names for the same bytes, which the next run resolves. Where hard links are not supported, a
 * check and a rename do the same job with a small window for a racing writer.
 */
export async function renameWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw destinationExists(to);
    if (!NO_HARD_LINKS.has(code)) throw error;
    if (await pathExists(to)) throw destinationExists(to);
    await rename(from, to);
    return;
  }
  await unlink(from);
}

function destinationExists(path: string): LumenFailure {
  return new LumenFailure('destination-exists', `${path} appeared meanwhile (another program?); nothing was replaced`);
}

/** Makes a folder's entries (a new name, a removed one) durable; file systems that cannot do it are left be. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for syncing, and some network file systems refuse: nothing more can be done there.
  } finally {
    await handle?.close();
  }
}

/**
 * Copies `source` to `finalPath` through `partialPath` (a temporary name in the same folder): the
 * copy keeps the source's times, is synced to disk and checked against `sha256`, and only then
 * takes its final name, which must not exist. On any failure the temporary file is removed.
 */
export async function copyDurably(source: string, finalPath: string, partialPath: string, sha256: string, sourceInfo?: Stats): Promise<void> {
  const info = sourceInfo ?? (await stat(source));
  // A killed run may have left this operation's temporary file behind.
  await rm(partialPath, { force: true });
  try {
    await copyFile(source, partialPath, constants.COPYFILE_EXCL);
    const handle = await open(partialPath, 'r+');
    try {
      await handle.utimes(info.atime, info.mtime);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if ((await sha256OfFile(partialPath)) !== sha256) {
      throw new LumenFailure('copy-mismatch', 'its copy did not match the original (was it changed during the copy?); the copy was removed');
    }
    await renameWithoutReplacing(partialPath, finalPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }
  await syncFolder(dirname(finalPath));
}

/** Whether anything (a file, a folder, a link, even a broken one) has this name. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** What a name holds: nothing, a regular file with these bytes, or something else (a folder, a link). */
export type NameContent = { kind: 'missing' } | { kind: 'file'; size: number; sha256: string } | { kind: 'other' };

export async function contentAt(path: string): Promise<NameContent> {
  let info: Stats;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (!info.isFile()) return { kind: 'other' };
  return { kind: 'file', size: info.size, sha256: await sha256OfFile(path) };
}
