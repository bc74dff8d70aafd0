import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { folderNameProblem } from '../../../src-common/folder-name';
import { LumenFailure } from '../../../src-common/result';

export type CategoryPlace = { folder: string; alreadyThere: boolean } | { problem: string };

/**
 * The folder a photo of `category` is copied or moved into: the category's own folder, else a
 * folder named after the category beside the photo; and whether the photo is in it already (then
 * it stays: no `beach/beach/`, no `photo (2).jpg` next to itself).
 */
export async function categoryFolder(photo: string, category: string, ownFolder: string | null): Promise<CategoryPlace> {
  if (ownFolder === null) {
    // Names are checked when a category is made; this catches ones made before that check existed.
    const problem = folderNameProblem(category);
    if (problem !== undefined)
      return { problem: `category ${JSON.stringify(category)} cannot be used as a folder name (${problem}); give it a folder with --folder` };
    return { folder: join(dirname(photo), category), alreadyThere: basename(dirname(photo)).toLowerCase() === category.toLowerCase() };
  }
  if (await isFile(ownFolder))
    return { problem: `the "${category}" folder ${ownFolder} is a file, not a folder; give the category another folder with --folder` };
  return { folder: ownFolder, alreadyThere: await sameFolder(dirname(photo), ownFolder) };
}

/** Refuses a category folder that is an existing file; a folder that does not exist yet is made on first use. */
export async function requireFolderOrNothing(folder: string, category: string): Promise<void> {
  if (await isFile(folder)) throw new LumenFailure('bad-argument', `${folder} is a file, not a folder: category "${category}" needs a folder to put photos in`);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return !(await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function sameFolder(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}
