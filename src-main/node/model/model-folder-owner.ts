import { realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { modelFolderFiles, type ModelFolder } from './model-folder';

/**
 * Refuses a model that another account could change before or while it is loaded: its folder, a
 * file it reads, or the folder a file is in (its real place, so a hub cache's linked blobs are
 * judged too) must not belong to another account, nor be writable by every account. Such an account
 * could swap the graphs or the tokenizer, and Lumen would rank, tag and move photos by its model.
 * Files others may read, or the owner's group may write, are fine; root's are trusted, as root can
 * change everything anyway.
 */
export async function checkModelFolderOwner(files: ModelFolder): Promise<void> {
  // Windows has no POSIX owner or mode bits: the folder's own access rules protect it there.
  const uid = process.getuid?.();
  if (uid === undefined || process.platform === 'win32') return;
  const checked = new Set<string>();
  const check = async (path: string, what: string): Promise<void> => {
    if (checked.has(path)) return;
    checked.add(path);
    const info = await stat(path);
    if (info.uid !== uid && info.uid !== 0) {
      throw new LumenFailure(
        'model-unsafe',
        `${what} belongs to another account (user id ${info.uid}), which could swap the model for its own: use a model folder of your own (lumen model add <folder> installs a copy)`,
      );
    }
    if ((info.mode & 0o002) !== 0) {
      throw new LumenFailure(
        'model-unsafe',
        `every account on this computer may change ${what} (mode ${(info.mode & 0o7777).toString(8)}): make it writable by you alone (chmod o-w), or install the model with lumen model add <folder> (which also copies a model off a drive that keeps no permissions, such as an exFAT disk)`,
      );
    }
  };
  const root = await realpath(files.folder);
  await check(root, `the model folder ${files.folder}`);
  for (const relative of modelFolderFiles(files)) {
    const real = await realpath(join(files.folder, relative));
    await check(real, `the model file ${relative} (${real})`);
    await check(dirname(real), `the folder of the model file ${relative} (${dirname(real)})`);
  }
}
