/**
 * Photos cut short (an interrupted copy or download) are described as truncated or damaged, in
 * the words of their own format, never as "not a supported image" and never with a decoder's
 * raw exception text (a bounds check's RangeError, a trailing newline).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForIndex } from '../../../src-main/node/indexer/embed-worker/decode-for-index';
import { describeDecodeError } from '../../../src-main/node/photos/describe-decode-error';

const FORMATS = join(import.meta.dirname, '../../fixtures/formats');
const CAT = join(import.meta.dirname, '../../fixtures/corpus/photos/chelsea.png');

async function reasonFor(bytes: Buffer, name: string): Promise<string> {
  const error = await decodeForIndex(bytes, (upright) => upright, name).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error === null) throw new Error(`${name} decoded`);
  return describeDecodeError(error, bytes);
}

const half = (bytes: Buffer): Buffer => bytes.subarray(0, Math.floor(bytes.length / 2));

describe('a photo cut in half', () => {
  it.each([
    ['PNG', async () => sharp(CAT).png().toBuffer(), 'cat.png'],
    ['TIFF', async () => sharp(CAT).tiff({ compression: 'none' }).toBuffer(), 'cat.tif'],
    ['BMP', async () => readFile(join(FORMATS, 'cat.bmp')), 'cat.bmp'],
    ['HEIC', async () => readFile(join(FORMATS, 'cat.heic')), 'cat.heic'],
  ])('%s is truncated or damaged, in one line without raw exception text', async (_format, whole, name) => {
    const reason = await reasonFor(half(await whole()), name);
    expect(reason).toMatch(/truncated|damaged|incomplete/);
    expect(reason).not.toMatch(/not a supported image|cannot decode image|out of range|Received|\n/);
  });
});
