import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file's bytes, or of its first `length` bytes, streamed (photos can be hundreds of megabytes). */
export async function sha256OfFile(path: string, length?: number): Promise<string> {
  const hash = createHash('sha256');
  if (length === 0) return hash.digest('hex');
  for await (const chunk of createReadStream(path, length === undefined ? {} : { end: length - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
