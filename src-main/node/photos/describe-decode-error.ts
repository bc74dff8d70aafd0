import { ImageFormatError } from './formats/image-format-error';
import { isFileTooLargeError, photoFileTooLargeReason } from './photo-file-size';

/** For a path Node could not read back: the listing's bytes were not UTF-8 and were replaced by U+FFFD. */
export const NAME_NOT_UTF8_REASON = 'the file name is not valid UTF-8 (written in another character set), so Lumen cannot open the file by its name; rename it';
/** The same for a folder: nothing inside it can be opened until it is renamed. */
export const FOLDER_NAME_NOT_UTF8_REASON =
  'the folder name is not valid UTF-8 (written in another character set), so Lumen cannot open the folder or anything in it; rename it';

/** The format a file's first bytes announce, of those libvips reads itself; null for none of them. */
function announcedFormat(bytes: Uint8Array): string | null {
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG';
  if (ascii(0, 4) === '\x89PNG') return 'PNG';
  if (ascii(0, 4) === 'GIF8') return 'GIF';
  if (['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(ascii(0, 4))) return 'TIFF';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'WebP';
  return null;
}

/**
 * Turn libvips/sharp errors into reasons a person can act on; the original text is kept at the end.
 * `bytes`, where the caller has them, tell a damaged file of a known format (libvips calls a TIFF
 * cut before its directory an unsupported format) from one that is no image at all.
 */
export function describeDecodeError(error: unknown, bytes?: Uint8Array): string {
  if (error instanceof ImageFormatError) return error.reason;
  if (isFileTooLargeError(error)) return photoFileTooLargeReason();
  const raw = error instanceof Error ? error.message : String(error);
  const detail = raw.split('\n')[0]?.trim() ?? raw;
  if (/unsupported image format/i.test(raw)) {
    const format = bytes === undefined ? null : announcedFormat(bytes);
    if (format !== null) return `file is truncated or damaged (it starts as a ${format} file, but the image in it cannot be read)`;
    return 'not a supported image (the contents are not JPEG, PNG, WebP, TIFF, GIF, BMP, AVIF, HEIC, JPEG XL or camera RAW)';
  }
  if (/exceeds pixel limit/i.test(raw)) return 'image is too large to decode safely (its header claims more than 250 megapixels)';
  // A valid file in a codec this build lacks: libvips often reports a read error first ("bad seek"), the cause after it.
  const unsupported = /[^\n]*(not been built in|is not implemented|unsupported (codec|compression|JPEG data precision|feature)|not supported)[^\n]*/i.exec(raw);
  if (unsupported) return `this file uses a codec or compression Lumen's decoder does not support (${unsupported[0].trim()})`;
  if (/ENOENT/i.test(raw) && raw.includes('\uFFFD')) return NAME_NOT_UTF8_REASON;
  if (/premature end|truncated|unexpected end|libpng read error/i.test(raw)) return `file is truncated or damaged (${detail})`;
  if (/corrupt|bogus|invalid|bad /i.test(raw)) return `file is damaged and cannot be decoded (${detail})`;
  if (/EACCES|permission denied/i.test(raw)) return 'permission denied: Lumen cannot read this file';
  if (/ENOENT/i.test(raw)) return 'file disappeared before it could be read';
  return `cannot decode image (${detail})`;
}
