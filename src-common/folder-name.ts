/** Names Windows keeps for devices, also with an extension ("nul.txt"): a folder cannot have them there. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const NOT_IN_FOLDER_NAMES = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/;
/** The usual limit on one name in a path (ext4, APFS, NTFS in UTF-16 is similar). */
const MAX_FOLDER_NAME_BYTES = 255;

/**
 * Why `name` cannot be the name of one folder on every system Lumen runs on (Linux, macOS,
 * Windows, and the FAT/exFAT drives they share), or undefined when it can. A category's name
 * becomes a folder when it has none of its own: a separator or ".." would put photos elsewhere.
 */
export function folderNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `"${name}" means a folder itself or the one above it`;
  const character = NOT_IN_FOLDER_NAMES.exec(name)?.[0];
  if (character !== undefined) return `it contains ${JSON.stringify(character)}; folder names cannot hold / \\ < > : " | ? * or control characters`;
  if (/[. ]$/.test(name)) return 'it ends in a dot or a space, which Windows drops from folder names';
  if (WINDOWS_DEVICE_NAME.test(name)) return 'Windows keeps that name for a device (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9)';
  if (new TextEncoder().encode(name).length > MAX_FOLDER_NAME_BYTES) return `it is longer than ${MAX_FOLDER_NAME_BYTES} bytes`;
  return undefined;
}
