import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isPhotoPath } from '../photos/photo-formats';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

/**
 * Walk a folder for photo files. Symlinked folders are not followed (no loops, no escaping the root);
 * hidden folders (".git", ".thumbnails", …) are skipped. Unreadable folders are reported, not fatal.
 */
export async function* scanFolder(root: string, problems: ScanProblem[]): AsyncGenerator<FoundFile> {
  const pending: string[] = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      problems.push({ path: dir, reason: `cannot read folder: ${(error as Error).message}` });
      continue;
    }
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) pending.push(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isPhotoPath(entry.name)) {
        try {
          const info = await stat(path);
          if (info.isFile()) yield { path, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
        } catch (error) {
          problems.push({ path, reason: `cannot read file: ${(error as Error).message}` });
        }
      }
    }
  }
}
