import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Gives an installed model's folders mode 755 and its files 644, whatever the umask: with umask 000
 * they were made writable by every account, which could then swap the graphs (and a model folder
 * like that is refused at load). Links are left as they are.
 */
export async function settleModelModes(folder: string): Promise<void> {
  const info = await lstat(folder);
  if (info.isSymbolicLink()) return;
  if (!info.isDirectory()) {
    await chmod(folder, 0o644);
    return;
  }
  await chmod(folder, 0o755);
  for (const name of await readdir(folder)) await settleModelModes(join(folder, name));
}
