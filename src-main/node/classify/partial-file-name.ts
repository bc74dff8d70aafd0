import { basename, dirname, join } from 'node:path';

/**
 * A copy is written under a temporary name in its destination folder and renamed into place only
 * once it is complete, synced and verified. The name is hidden (leading dot) and ends in
 * `.lumen-partial-<operation id>`, never a photo extension, so no scan takes it for a photo, and
 * it is derived from the journal row alone, so the run after a crash knows what to remove.
 */
export const PARTIAL_FILE_MARK = '.lumen-partial-';

const PARTIAL_FILE_NAME = /^\..*\.lumen-partial-\d+$/s;
/** Room for the dot and the mark inside the usual 255-byte limit of a file name. */
const MAX_STEM_BYTES = 200;

/** The temporary name for the file journal operation `operationId` on its way to `finalPath`. */
export function partialPathFor(finalPath: string, operationId: number): string {
  const characters = [...basename(finalPath)];
  while (Buffer.byteLength(characters.join('')) > MAX_STEM_BYTES) characters.pop();
  const stem = characters.join('');
  return join(dirname(finalPath), `.${stem}${PARTIAL_FILE_MARK}${operationId}`);
}

/** Whether a file name is one of these temporary copies (what a folder scan must skip). */
export function isPartialFileName(name: string): boolean {
  return PARTIAL_FILE_NAME.test(name);
}
