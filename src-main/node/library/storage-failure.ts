/**
 * Failures that are about the disk or the library, not about a photo or an argument: a full disk,
 * a library locked by another program, a read-only disk, a failing disk. SQLite and Node report
 * them as bare codes ("database or disk is full", ENOSPC); these turn them into a sentence that
 * says what happened, where, and what to do, with a stable code the window and scripts can test.
 */
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LumenFailure } from '../../../src-common/result';

export type StorageFailureCode = 'disk-full' | 'library-busy' | 'read-only' | 'disk-error';

export interface StorageFailureOptions {
  /**
   * The failed call was a write to Lumen's own files (a thumbnail, a sidecar, a copy): then a
   * permission error means the place is not writable. Off by default, because at a command's
   * boundary a permission error may as well come from reading a photo folder.
   */
  writing?: boolean;
  /** Name `where` even when the error carries a path (a temporary file's name would only confuse). */
  keepWhere?: boolean;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Which kind of storage failure an error code means, if any. */
export function storageFailureKind(error: unknown, options: StorageFailureOptions = {}): StorageFailureCode | undefined {
  if (error instanceof LumenFailure) return undefined;
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'library-busy';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'read-only';
  if (options.writing && (code === 'EACCES' || code === 'EPERM')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'disk-error';
  return undefined;
}

/** The path a Node file-system error names (the destination of a copy), else `fallback`. */
function pathOf(error: unknown, fallback: string): string {
  const { dest, path } = (error ?? {}) as { dest?: unknown; path?: unknown };
  if (typeof dest === 'string') return dest;
  if (typeof path === 'string') return path;
  return fallback;
}

/**
 * A LumenFailure that names the cause and the place for a storage error, or undefined when
 * `error` is something else. `where` describes what was being written ("the library database
 * /x/lumen.db"); Node errors that carry a path name that path instead.
 */
export function storageFailure(error: unknown, where: string, options: StorageFailureOptions = {}): LumenFailure | undefined {
  const kind = storageFailureKind(error, options);
  if (kind === undefined) return undefined;
  const place = options.keepWhere || /^SQLITE_/.test(errorCode(error) ?? '') ? where : pathOf(error, where);
  const code = errorCode(error) ?? '';
  const message = (error as Error).message;
  const detail = message.startsWith(code) ? message : `${code}: ${message}`;
  switch (kind) {
    case 'disk-full':
      return new LumenFailure(
        'disk-full',
        `the disk is full: Lumen could not write ${place} (${detail}). Free some space and run it again; what was saved before is kept.`,
      );
    case 'library-busy':
      return new LumenFailure(
        'library-busy',
        `the library is locked by another program or Lumen process, and stayed locked while Lumen waited (${place}; ${detail}). Let the other program finish or close it, then try again.`,
      );
    case 'read-only':
      return new LumenFailure('read-only', `Lumen cannot write ${place}: the disk, folder or file is read-only (${detail}). Make it writable, then try again.`);
    case 'disk-error':
      return new LumenFailure(
        'disk-error',
        `a disk error stopped Lumen while it was using ${place} (${detail}). Check the disk (or network share), then try again.`,
      );
  }
}

/** `error` itself, or its storage failure when it is one (for `throw asStorageFailure(error, …)`). */
export function asStorageFailure(error: unknown, where: string, options: StorageFailureOptions = {}): unknown {
  return storageFailure(error, where, options) ?? error;
}

/** Below this much free space, a write that failed without saying why (exiftool) is put down to a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * Whether the disk holding `path` is (all but) full. For tools that report a failed write without
 * its cause: exiftool says only "Error writing output file". False when it cannot be told.
 */
export async function diskIsFull(path: string): Promise<boolean> {
  try {
    const info = await statfs(path);
    return info.bavail * info.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/**
 * The real reason a write under `path` failed, when the error hides it: Node's recursive mkdir
 * reports ENOENT when a folder on the way is read-only or forbidden. Asks the nearest existing
 * folder above `path` whether it can be written, and returns that answer's error if not.
 */
export async function explainWriteError(error: unknown, path: string): Promise<unknown> {
  if (storageFailureKind(error, { writing: true }) !== undefined) return error;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      await access(dir, constants.W_OK);
      return error;
    } catch (probe) {
      if ((probe as NodeJS.ErrnoException).code !== 'ENOENT') return probe;
    }
    if (dirname(dir) === dir) return error;
  }
}
