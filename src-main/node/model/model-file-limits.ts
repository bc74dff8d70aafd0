import { open } from 'node:fs/promises';
import { LumenFailure } from '../../../src-common/result';
import { countJsonEntries } from './json-entry-count';

const MiB = 1024 * 1024;

/**
 * Largest JSON files Lumen reads from a model folder. The biggest real one is SigLIP 2's
 * tokenizer.json (Gemma's 256k-token vocabulary and its merges, 34 MB); config files are
 * kilobytes. A bigger file is refused before it is read, let alone parsed.
 */
export const MAX_TOKENIZER_BYTES = 64 * MiB;
export const MAX_CONFIG_BYTES = 16 * MiB;

/**
 * Most entries a tokenizer.json may hold, counted before it is parsed: parsing costs some 270
 * bytes of memory per vocabulary entry (three million entries: 800 MB), then as much again for
 * the tokenizer built from them. Real vocabularies: CLIP 49 408, SigLIP 32 000, SigLIP 2 256 000.
 */
export const TOKENIZER_LIMITS: Readonly<Record<string, number>> = {
  'model.vocab': 500_000,
  'model.merges': 1_000_000,
  added_tokens: 100_000,
};

/**
 * The bytes of a model file, refused with its name and size when it is larger than `maxBytes`
 * (read from the open file, so a file that grows meanwhile, or a device like /dev/zero, is refused
 * too). Errors of the file system itself are thrown as they are, for the caller to word.
 */
export async function readBoundedFile(path: string, relative: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    // Worded by the caller like any other unreadable file.
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    if (!info.isFile()) throw new LumenFailure('bad-model', `model file ${relative} is not a regular file (${path})`);
    if (info.size > maxBytes) throw tooBig(relative, path, info.size, maxBytes);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooBig(relative, path, length, maxBytes);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Refuses a tokenizer.json with more vocabulary, merges or added tokens than TOKENIZER_LIMITS allow, before parsing it. */
export function checkTokenizerSize(bytes: Uint8Array, relative: string, path: string): void {
  const counts = countJsonEntries(bytes, Object.keys(TOKENIZER_LIMITS));
  for (const [entries, limit] of Object.entries(TOKENIZER_LIMITS)) {
    const count = counts.get(entries) ?? 0;
    if (count > limit) {
      throw new LumenFailure(
        'bad-model',
        `model file ${relative} has ${count.toLocaleString('en-US')} entries in ${entries}, more than the ${limit.toLocaleString('en-US')} Lumen accepts: it is damaged or not a tokenizer for an image–text model (${path})`,
      );
    }
  }
}

function tooBig(relative: string, path: string, size: number, maxBytes: number): LumenFailure {
  const megabytes = (bytes: number): string => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MB`;
  return new LumenFailure(
    'bad-model',
    `model file ${relative} is ${megabytes(size)}, more than the ${megabytes(maxBytes)} Lumen reads for it: it is damaged or not part of an image–text model (${path})`,
  );
}
