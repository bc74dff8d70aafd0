import type { Dir } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { SkippedFiles } from '../../../src-common/contract';
import { DATABASE_FILE_NAME } from '../library/library-db';
import { FOLDER_NAME_NOT_UTF8_REASON, NAME_NOT_UTF8_REASON } from '../photos/describe-decode-error';
import { isPhotoPath } from '../photos/photo-formats';
import { isVideoPath } from '../videos/video-formats';
import { isKeywordLeftover } from '../tagging/keyword-working-files';
import type { ExcludePatterns } from './exclude-patterns';
import { describeFileProblem, isMissingFileError } from './file-problem';
import { isJunkFile, isJunkFolder } from './junk-names';
import { noneSkipped, unsupportedKind } from './skipped-files';

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
  /** Photo files listed but gone before they could be looked at (deleted or moved away meanwhile). */
  vanished: number;
  skipped: SkippedFiles;
  /** Working copies of keyword exports that were killed (see keyword-working-files.ts): safe to delete. */
  keywordLeftovers: string[];
}

export function emptyScanCounts(): ScanCounts {
  return { rootEntries: 0, vanished: 0, skipped: noneSkipped(), keywordLeftovers: [] };
}

export interface ScanOptions {
  /** Folders never walked, whatever their name: the library in use. */
  skipFolders?: readonly string[];
  /** Library folders inside this one: indexed as their own (their photos are theirs), so not walked here and not counted. */
  libraryFolders?: readonly string[];
  exclude?: ExcludePatterns;
  /** Video files are found too (a decoder is available); otherwise they are counted as unsupported, by extension. */
  videos?: boolean;
}

/**
 * Walk a folder for photo files. Symlinked folders are not followed (no loops, no escaping the root).
 * Skipped and counted in `counts.skipped`: junk (junk-names.ts), Lumen libraries (a folder holding
 * a library database, and `options.skipFolders`: else a library inside an indexed folder would
 * index its own thumbnails, more each run), paths matching the exclude patterns, and files that are
 * not photos. Unreadable folders and files, broken and looping links are reported, not fatal; a
 * photo that is gone before it can be looked at is counted as vanished.
 */
export async function* scanFolder(
  root: string,
  problems: ScanProblem[],
  counts: ScanCounts = emptyScanCounts(),
  options: ScanOptions = {},
): AsyncGenerator<FoundFile> {
  const walk = new Walk(root, problems, counts, options);
  yield* walk.files();
}

/** Files whose stat() calls are in flight together: a re-check is bound by stat latency, not CPU. */
const STAT_CONCURRENCY = 64;

interface Candidate {
  path: string;
  viaLink: boolean;
}

class Walk {
  private readonly skipFolders: ReadonlySet<string>;
  private readonly libraryFolders: ReadonlySet<string>;

  constructor(
    private readonly root: string,
    private readonly problems: ScanProblem[],
    private readonly counts: ScanCounts,
    private readonly options: ScanOptions,
  ) {
    this.skipFolders = new Set((options.skipFolders ?? []).map((folder) => resolve(folder)));
    this.libraryFolders = new Set((options.libraryFolders ?? []).map((folder) => resolve(folder)));
  }

  async *files(): AsyncGenerator<FoundFile> {
    const pending: string[] = [this.root];
    while (pending.length > 0) {
      const dir = pending.pop() as string;
      try {
        // The library check's stat runs beside opendir: on a network share it adds no round trip.
        const [library, handle] = await Promise.all([dir === this.root ? false : this.isLibrary(dir), opendir(dir, { bufferSize: 256 })]);
        if (library) {
          this.counts.skipped.junk++;
          await handle.close();
          continue;
        }
        yield* this.listFolder(dir, handle, pending);
      } catch (error) {
        // Not listable, or the listing broke off half way (I/O error on a failing disk or share).
        // A name whose bytes are not UTF-8 comes back with U+FFFD and opens nothing, though the folder is there.
        const reason =
          isMissingFileError(error) && dir.includes('\uFFFD')
            ? FOLDER_NAME_NOT_UTF8_REASON
            : `cannot read folder: ${describeFileProblem(error, 'folder', false)}`;
        this.problems.push({ path: dir, reason, folder: true });
      }
    }
  }

  /** The library in use, or any folder with a Lumen library database in it. */
  private async isLibrary(dir: string): Promise<boolean> {
    if (this.skipFolders.has(resolve(dir))) return true;
    return stat(join(dir, DATABASE_FILE_NAME)).then(
      (info) => info.isFile(),
      () => false,
    );
  }

  private excluded(path: string, isFolder: boolean): boolean {
    const exclude = this.options.exclude;
    if (!exclude || exclude.isEmpty) return false;
    return exclude.excludes(relative(this.root, path).split(sep).join('/'), isFolder);
  }

  private async *listFolder(dir: string, handle: Dir, pending: string[]): AsyncGenerator<FoundFile> {
    const { skipped } = this.counts;
    let chunk: Candidate[] = [];
    for await (const entry of handle) {
      if (dir === this.root) this.counts.rootEntries++;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (isJunkFolder(entry.name)) {
          skipped.junk++;
          if (isKeywordLeftover(entry.name)) this.counts.keywordLeftovers.push(path);
        } else if (this.excluded(path, true)) skipped.excluded++;
        else if (!this.libraryFolders.has(path)) pending.push(path);
        continue;
      }
      const isFile = entry.isFile();
      // A named pipe, socket or device: never opened (reading a pipe waits for a writer for ever).
      const special = !isFile && !entry.isSymbolicLink();
      if (isJunkFile(entry.name)) {
        skipped.junk++;
        if (isFile && isKeywordLeftover(entry.name)) this.counts.keywordLeftovers.push(path);
      } else if (this.excluded(path, false)) {
        skipped.excluded++;
      } else if (isPhotoPath(entry.name) || (this.options.videos === true && isVideoPath(entry.name))) {
        if (special) {
          this.problems.push({ path, reason: notAFileReason(entry), folder: false });
          continue;
        }
        chunk.push({ path, viaLink: entry.isSymbolicLink() });
        if (chunk.length >= STAT_CONCURRENCY) {
          yield* this.statAll(chunk);
          chunk = [];
        }
      } else if (isFile || special) {
        // Links with other names (to folders, say) are not followed and not counted.
        const kind = unsupportedKind(extname(entry.name));
        skipped.unsupported[kind] = (skipped.unsupported[kind] ?? 0) + 1;
      }
    }
    yield* this.statAll(chunk);
  }

  /** Stats the files together and yields them in listing order. */
  private async *statAll(candidates: readonly Candidate[]): AsyncGenerator<FoundFile> {
    const results = await Promise.all(
      candidates.map((c) =>
        stat(c.path).then(
          (info) => ({ info }),
          (error: unknown) => ({ error }),
        ),
      ),
    );
    for (const [i, result] of results.entries()) {
      const { path, viaLink } = candidates[i] as Candidate;
      if (!('error' in result)) {
        if (result.info.isFile()) yield { path, size: result.info.size, mtimeMs: Math.trunc(result.info.mtimeMs) };
        else this.problems.push({ path, reason: notAFileReason(result.info), folder: false });
      } else if (isMissingFileError(result.error) && path.includes('\uFFFD')) {
        // Not gone: its name's bytes are not UTF-8, so the listing's text form names no file.
        this.problems.push({ path, reason: NAME_NOT_UTF8_REASON, folder: false });
      } else if (!viaLink && isMissingFileError(result.error)) {
        // Listed a moment ago, gone now: deleted or moved meanwhile, which is no fault of the file.
        this.counts.vanished++;
      } else {
        this.problems.push({ path, reason: describeFileProblem(result.error, 'file', viaLink), folder: false });
      }
    }
  }
}

/** For an entry with a photo's name that is no file: what it is, in words. */
function notAFileReason(entry: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (entry.isDirectory()) return 'this link leads to a folder, and Lumen does not follow linked folders; add that folder to the library instead';
  const what = entry.isFIFO() ? 'a named pipe' : entry.isSocket() ? 'a socket' : 'a device';
  return `this is ${what}, not a file, so Lumen does not read it`;
}
