/**
 * Names of files and folders that operating systems, NAS boxes, phones and other apps leave in
 * photo folders, and that are never the user's photos: NAS thumbnails (4 "photos" per real one on a
 * Synology), recycle bins, snapshots, trashed and pending phone files, macOS resource forks, and
 * the insides of photo-app packages (which hold their own previews and thumbnails).
 */

/** Folders skipped whole, compared without case (Windows and macOS disks ignore case). */
const JUNK_FOLDERS: ReadonlySet<string> = new Set(
  [
    '@eaDir', // Synology thumbnails and metadata
    '#recycle', // Synology recycle bin
    '#snapshot', // Synology snapshots
    '@Recycle', // QNAP recycle bin
    '@Recently-Snapshot', // QNAP snapshots
    '$RECYCLE.BIN', // Windows recycle bin
    'RECYCLER', // Windows XP recycle bin
    'System Volume Information', // Windows restore points and indexes
    'lost+found', // fsck's salvage
  ].map((name) => name.toLowerCase()),
);

/** Package folders of photo apps: their insides are the app's own copies, previews and caches. */
const PACKAGE_SUFFIXES = ['.photoslibrary', '.photolibrary', '.aplibrary', '.lrdata'];

/** Files that are clutter whatever their extension, compared without case. */
const JUNK_FILES: ReadonlySet<string> = new Set(['thumbs.db', 'ehthumbs.db', 'desktop.ini']);

/**
 * Hidden (leading dot): `.DS_Store`, AppleDouble `._IMG_1.jpg`, Android `.trashed-…` and `.pending-…`,
 * `.thumbnails`, `.git`, and Lumen's own working copies (`.lumen-tmp-…`, `.….lumen-partial-…`).
 */
function isHidden(name: string): boolean {
  return name.startsWith('.');
}

export function isJunkFolder(name: string): boolean {
  const lower = name.toLowerCase();
  return isHidden(name) || JUNK_FOLDERS.has(lower) || PACKAGE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

export function isJunkFile(name: string): boolean {
  const lower = name.toLowerCase();
  // exiftool's working file, left by a killed write.
  return isHidden(name) || JUNK_FILES.has(lower) || lower.endsWith('_exiftool_tmp');
}
