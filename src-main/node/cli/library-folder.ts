import { statSync } from 'node:fs';
import { LumenFailure } from '../../../src-common/result';

/**
 * Refuses a library path that cannot be a folder before anything tries to make or open it (which
 * would end in Node's bare "EEXIST: file already exists, mkdir"). A missing folder is fine: the
 * library is made there.
 */
export function checkLibraryFolder(dir: string): void {
  let isFolder: boolean | null;
  try {
    isFolder = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? null;
  } catch (error) {
    // ENOTDIR: a part of the path above it is a file.
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    throw new LumenFailure('not-a-folder', `the library folder ${dir} cannot be made: a part of that path is a file, not a folder; give --library a folder`);
  }
  if (isFolder === false) {
    throw new LumenFailure('not-a-folder', `the library folder ${dir} is a file, not a folder: give --library a folder (Lumen makes it if it is missing)`);
  }
}
