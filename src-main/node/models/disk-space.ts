import { statfs } from 'node:fs/promises';
import { LumenFailure } from '../../../src-common/result';

/** Free bytes the current user may write in the filesystem that holds `dir`. */
export type FreeSpace = (dir: string) => Promise<number>;

export const freeSpaceOf: FreeSpace = async (dir) => {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
};

/** Room kept free beyond the download itself: the registry, logs and the library also need to write. */
const MARGIN_BYTES = 64 * 1024 * 1024;

const mb = (bytes: number): string => `${Math.ceil(bytes / 1_000_000)} MB`;

/** Refuses before the first byte when the download cannot fit, naming both sizes and the folder. */
export async function requireFreeSpace(dir: string, neededBytes: number, what: string, freeSpace: FreeSpace = freeSpaceOf): Promise<void> {
  if (neededBytes <= 0) return;
  const free = await freeSpace(dir);
  if (free < neededBytes + MARGIN_BYTES) {
    throw new LumenFailure(
      'disk-full',
      `not enough free space in ${dir} to download ${what}: it needs ${mb(neededBytes)} (plus ${mb(MARGIN_BYTES)} to spare) and ${mb(free)} are free`,
    );
  }
}
