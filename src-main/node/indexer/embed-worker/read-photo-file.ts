import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileJob } from './protocol';

export interface PhotoFileBytes {
  bytes: Buffer;
  contentHash: string;
}

/**
 * Reads a photo's bytes and names its content. The indexer has hashed the file already (to find
 * duplicates and moves before anything is decoded) and sends that hash with the size and mtime it
 * saw; hashing the same bytes again would be the same work twice. The hash is trusted only if the
 * file read, as its open handle reports it, still has that size and mtime; otherwise (edited since,
 * or a caller with no hash) the bytes read here are hashed.
 */
export async function readPhotoFile(job: FileJob): Promise<PhotoFileBytes> {
  const handle = await open(job.path, 'r');
  try {
    const info = await handle.stat();
    const bytes = await handle.readFile();
    const unchanged = bytes.length === job.size && info.size === job.size && Math.trunc(info.mtimeMs) === job.mtimeMs;
    return { bytes, contentHash: unchanged && job.contentHash !== undefined ? job.contentHash : createHash('sha256').update(bytes).digest('hex') };
  } finally {
    await handle.close();
  }
}
