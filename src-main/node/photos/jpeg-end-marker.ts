/**
 * JPEGs that lack only their 2-byte end-of-image marker (FF D9): phones, cameras and interrupted
 * copies leave them, every viewer shows them whole, and libvips refuses them as cut short
 * (libjpeg's "premature end"). See docs/INDEXER.md.
 */
import { readFile } from 'node:fs/promises';

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/** How strictly a decode fails: as strict as the first decode, or also on libjpeg's warnings. */
export type DecodeStrictness = 'error' | 'warning';

/** True for bytes that start as a JPEG and do not end with its end-of-image marker. */
export function isJpegWithoutEndMarker(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return false;
  return !(bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9);
}

function failedAsCutShort(error: unknown): boolean {
  return error instanceof Error && /premature end/i.test(error.message);
}

/**
 * Runs `decode` on the input as it is, failing on errors. Only when that fails as cut short and the
 * input is a JPEG without its end marker, runs it once more on a copy in memory with the marker
 * appended (the file itself is never written), this time failing on libjpeg's warnings too: scan
 * data that really is cut then ends at the appended marker, which libjpeg reports as "Corrupt JPEG
 * data: premature end of data segment", a warning that the first decode's strictness lets through.
 * Where the second decode fails as well, the first failure is what the caller sees.
 */
export async function decodeAllowingMissingJpegEnd<T>(
  input: string | Buffer,
  decode: (input: string | Buffer, strictness: DecodeStrictness) => Promise<T>,
): Promise<T> {
  try {
    return await decode(input, 'error');
  } catch (error) {
    if (!failedAsCutShort(error)) throw error;
    const bytes = typeof input === 'string' ? await readFile(input).catch(() => null) : input;
    if (bytes === null || !isJpegWithoutEndMarker(bytes)) throw error;
    try {
      return await decode(Buffer.concat([bytes, END_OF_IMAGE]), 'warning');
    } catch {
      throw error;
    }
  }
}
