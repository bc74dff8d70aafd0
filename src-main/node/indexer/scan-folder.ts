import type { Dir } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isPhotoPath } from '../photos/photo-formats';
import { describeFileProblem } from './file-problem';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  path: string;
  reason: string;
  /** A folder that could not be listed: what was in it is unknown, not gone. */
  folder: boolean;
}

export interface ScanCounts {
  /** Directory entries of any kind seen directly in the root: 0 means the root folder is empty. */
  rootEntries: number;
}

/**
 * Walk a folder for photo files. Symlinked folders are not followed (no loops, no escaping the root);
 * hidden folders (".git", ".thumbnails", …) are skipped. Unreadable folders and files, broken and
 * looping links are reported, not fatal.
 */
export async function* scanFolder(root: string, problems: ScanProblem[], counts: ScanCounts = { rootEntries: 0 }): AsyncGenerator<FoundFile> {
  const pending: string[] = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    try {
      const handle = await opendir(dir, { bufferSize: 256 });
      yield* listFolder(dir, handle, dir === root ? counts : null, pending, problems);
    } catch (error) {
      // Not listable, or the listing broke off half way (I/O error on a failing disk or share).
      problems.push({ path: dir, reason: `cannot read folder: ${describeFileProblem(error, 'folder', false)}`, folder: true });
    }
  }
}

/** Files whose stat() calls are in flight together: a re-check is bound by stat latency, not CPU. */
const STAT_CONCURRENCY = 64;

interface Candidate {
  path: string;
  viaLink: boolean;
}

async function* listFolder(dir: string, handle: Dir, counts: ScanCounts | null, pending: string[], problems: ScanProblem[]): AsyncGenerator<FoundFile> {
  let chunk: Candidate[] = [];
  for await (const entry of handle) {
    if (counts) counts.rootEntries++;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) pending.push(path);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isPhotoPath(entry.name)) {
      chunk.push({ path, viaLink: entry.isSymbolicLink() });
      if (chunk.length >= STAT_CONCURRENCY) {
        yield* statAll(chunk, problems);
        chunk = [];
      }
    }
  }
  yield* statAll(chunk, problems);
}

/** Stats the files together and yields them in listing order. */
async function* statAll(candidates: readonly Candidate[], problems: ScanProblem[]): AsyncGenerator<FoundFile> {
  const results = await Promise.all(candidates.map((c) => stat(c.path).then((info) => ({ info }), (error: unknown) => ({ error }))));
  for (const [i, result] of results.entries()) {
    const { path, viaLink } = candidates[i] as Candidate;
    if ('error' in result) problems.push({ path, reason: describeFileProblem(result.error, 'file', viaLink), folder: false });
    else if (result.info.isFile()) yield { path, size: result.info.size, mtimeMs: Math.trunc(result.info.mtimeMs) };
  }
}
