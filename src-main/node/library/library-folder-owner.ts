import { statSync } from 'node:fs';
import { LumenFailure } from '../../../src-common/result';

/**
 * Refuses a library folder that another account could read or change behind its owner's back: one
 * that account owns (made first in a shared folder such as /tmp, it can read the database and the
 * thumbnails of private photos, and plant links that Lumen's writes would follow), or one every
 * account may write. A folder others may only read, or its group may write, was shared on purpose
 * and is kept. The folder a link names is judged, not the link. Root's folders are trusted, as root
 * can read everything anyway.
 */
export function checkLibraryFolderOwner(libraryDir: string): void {
  // Windows has no POSIX owner or mode bits: the folder's own access rules protect it there.
  const uid = process.getuid?.();
  if (uid === undefined || process.platform === 'win32') return;
  const info = statSync(libraryDir, { throwIfNoEntry: false });
  if (!info) return;
  if (info.uid !== uid && info.uid !== 0) {
    throw new LumenFailure(
      'library-unsafe',
      `the library folder ${libraryDir} belongs to another account (user id ${info.uid}), which could read your photos' paths and thumbnails in it and change the library: use a folder of your own`,
    );
  }
  if ((info.mode & 0o002) !== 0) {
    throw new LumenFailure(
      'library-unsafe',
      `every account on this computer may change the library folder ${libraryDir} (mode ${(info.mode & 0o7777).toString(8)}): make it yours alone (chmod 700) or use another folder`,
    );
  }
}
