/**
 * "Show in folder" for the desktop window: the window names a photo by its id, never a path, and the
 * file manager opens only on a regular file inside that photo's library folder (the same path gate as
 * the `lumen:` media protocol). Electron's `shell.showItemInFolder` is passed in, so this stays testable.
 */
import type { MediaKind } from '../node/api/library-files';

/** Reveals the photo's original in the file manager; false when the id is not a photo id or its file is not where the library says. */
export async function showPhotoInFolder(
  photoId: unknown,
  resolveMedia: (kind: MediaKind, photoId: number) => Promise<string>,
  showItemInFolder: (path: string) => void,
): Promise<boolean> {
  if (typeof photoId !== 'number' || !Number.isSafeInteger(photoId) || photoId < 1) return false;
  let path: string;
  try {
    path = await resolveMedia('photo', photoId);
  } catch {
    // Not a photo of the library, or its file is gone or outside its folder: the window says so in a sentence.
    return false;
  }
  showItemInFolder(path);
  return true;
}
