import { statSync } from 'node:fs';
import { LumenFailure } from '../../../src-common/result';

/**
 * Why another account could read or change what is in `folder` behind its owner's back, as the end
 * of a sentence; null when it cannot (or it is missing). Refused: a folder another account owns (made
 * first in a shared folder such as /tmp, it can read what Lumen writes there and plant links that
 * Lumen's writes would follow), or one every account may write. A folder others may only read, or
 * its group may write, was shared on purpose and is kept. The folder a link names is judged, not the
 * link. Root's folders are trusted, as root can read everything anyway.
 */
export function whyOtherAccountsCanChange(folder: string): string | null {
  // Windows has no POSIX owner or mode bits: the folder's own access rules protect it there.
  const uid = process.getuid?.();
  if (uid === undefined || process.platform === 'win32') return null;
  const info = statSync(folder, { throwIfNoEntry: false });
  if (!info) return null;
  if (info.uid !== uid && info.uid !== 0) return `belongs to another account (user id ${info.uid})`;
  if ((info.mode & 0o002) !== 0) return `may be changed by every account on this computer (mode ${(info.mode & 0o7777).toString(8)})`;
  return null;
}

/** Refuses a library folder another account could read or change: it would see every photo's path and thumbnail. */
export function checkLibraryFolderOwner(libraryDir: string): void {
  const why = whyOtherAccountsCanChange(libraryDir);
  if (why) {
    throw new LumenFailure(
      'library-unsafe',
      `the library folder ${libraryDir} ${why}, so that account could read your photos' paths and thumbnails in it and change the library: use a folder of your own (or make it yours alone with chmod 700; a drive that keeps no owners or permissions, such as an exFAT or FAT disk, cannot hold a library, though its photos can be indexed from there)`,
    );
  }
}
