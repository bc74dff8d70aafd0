import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface HashedFile {
  contentHash: string;
  size: number;
}

/** sha256 of a file's bytes, read in 1-MiB chunks so memory stays flat whatever the file size. */
export async function hashFile(path: string): Promise<HashedFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { contentHash: hash.digest('hex'), size };
}
