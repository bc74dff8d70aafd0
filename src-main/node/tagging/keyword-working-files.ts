import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/**
 * Keyword writing works on a copy beside the file (`.lumen-tmp-keywords-<pid>-<name>`) and renames it
 * into place. A killed export leaves that copy (and exiftool's `<copy>_exiftool_tmp`) behind; the
 * process id in the name tells a leftover of a dead run from the working copy of a live one.
 */
const PREFIX = '.lumen-tmp-keywords-';
const LEFTOVER = /^\.lumen-tmp-keywords-(\d+)-/;
/** The name Lumen used before: `.<photo>.lumen-<pid>.tmp<ext>`. */
const OLD_LEFTOVER = /^\..+\.lumen-(\d+)\.tmp(\.[^./]*)?(_exiftool_tmp)?$/;

/** Room for the prefix inside the usual 255-byte limit of a file name. */
const MAX_NAME_BYTES = 200;

/** The working copy's path: hidden, stamped with this process's id, and ending like `file` (exiftool picks the format by extension). */
export function workingCopyPath(file: string): string {
  const name = basename(file);
  const extension = extname(name);
  const stem = [...name.slice(0, name.length - extension.length)];
  while (stem.length > 0 && Buffer.byteLength(stem.join('') + extension) > MAX_NAME_BYTES) stem.pop();
  return join(dirname(file), `${PREFIX}${process.pid}-${stem.join('')}${extension}`);
}

/** The process id in a keyword working file's name, or undefined when the name is not one. */
function writerProcessOf(name: string): number | undefined {
  const match = LEFTOVER.exec(name) ?? OLD_LEFTOVER.exec(name);
  return match ? Number(match[1]) : undefined;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the name is a keyword working file of a process that no longer runs: safe to delete. */
export function isKeywordLeftover(name: string): boolean {
  const pid = writerProcessOf(name);
  return pid !== undefined && !isRunning(pid);
}

/** Deletes the folder's keyword working files whose export was killed; returns their paths. Unreadable folders are left alone. */
export async function removeKeywordLeftovers(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const leftovers = names.filter(isKeywordLeftover).map((name) => join(folder, name));
  await Promise.all(leftovers.map((path) => rm(path, { force: true })));
  return leftovers;
}
