import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Keyword writing works on a copy of the file in a folder of its own beside it
 * (`.lumen-tmp-keywords-<pid>-<random>/<name>`), then renames the copy into place. The folder is made
 * new and owner-only under a random name, so no other account can have put anything in it: in a
 * folder others may write (a family share, /tmp), a link planted at a name they could work out
 * (ours or exiftool's `<copy>_exiftool_tmp`) would have been written through, into any file of ours.
 * A killed export leaves that folder (or, before, the copy itself) behind; the process id in the
 * name tells a leftover of a dead run from the working files of a live one.
 */
const PREFIX = '.lumen-tmp-keywords-';
const LEFTOVER = /^\.lumen-tmp-keywords-(\d+)-/;
/** The name Lumen used before: `.<photo>.lumen-<pid>.tmp<ext>`. */
const OLD_LEFTOVER = /^\..+\.lumen-(\d+)\.tmp(\.[^./]*)?(_exiftool_tmp)?$/;

/** A new owner-only working folder beside `file`, and the path of `file`'s working copy in it (same name: exiftool picks the format by extension). */
export async function makeWorkingCopyPath(file: string): Promise<{ folder: string; copy: string }> {
  const folder = await mkdtemp(join(dirname(file), `${PREFIX}${process.pid}-`));
  return { folder, copy: join(folder, basename(file)) };
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

/** Deletes the folder's keyword working files and folders whose export was killed; returns their paths. Unreadable folders are left alone. */
export async function removeKeywordLeftovers(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const leftovers = names.filter(isKeywordLeftover).map((name) => join(folder, name));
  await Promise.all(leftovers.map((path) => rm(path, { recursive: true, force: true })));
  return leftovers;
}
