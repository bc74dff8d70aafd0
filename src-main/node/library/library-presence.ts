import { statSync } from 'node:fs';
import { LumenFailure } from '../../../src-common/result';

/** Which file a path named when the library was opened (device and inode). */
export interface FileIdentity {
  dev: number;
  ino: number;
}

export function fileIdentity(path: string): FileIdentity | null {
  const info = statSync(path, { throwIfNoEntry: false });
  return info ? { dev: info.dev, ino: info.ino } : null;
}

/**
 * Throws `library-gone` when the database file is no longer the one that was opened: its folder was
 * deleted, moved or replaced while Lumen had it open. SQLite keeps writing to the open file even
 * after it is unlinked, so without this check every change would answer ok and then vanish.
 */
export function checkLibraryStillThere(dir: string, path: string, opened: FileIdentity): void {
  const now = fileIdentity(path);
  if (now && now.dev === opened.dev && now.ino === opened.ino) return;
  throw new LumenFailure(
    'library-gone',
    `the library folder ${dir} was deleted or moved while Lumen was using it (${path} is ${now ? 'another file now' : 'gone'}), so this change cannot be saved. Put the folder back, or restart Lumen to open the library where it is now or to start a new one.`,
  );
}
