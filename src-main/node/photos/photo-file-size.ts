/**
 * The largest photo file Lumen reads: a photo is read into memory whole, and Node reads at most
 * 2 GiB - 1 bytes into one buffer (`fs.readFile` refuses more with ERR_FS_FILE_TOO_LARGE). Photos
 * are far smaller (a 100-MP 16-bit TIFF is 600 MB); a larger file is a gigapixel scan, a damaged
 * copy or not a photo at all, and would exceed the 250-megapixel decode limit anyway. Videos are
 * read by ffmpeg, never whole, and have no such limit.
 */
export const MAX_PHOTO_FILE_BYTES = 2 ** 31 - 1;

const GB = 1024 ** 3;

/** The reason recorded for such a file; `size` when known. */
export function photoFileTooLargeReason(size?: number): string {
  const limit = `${Math.round(MAX_PHOTO_FILE_BYTES / GB)} GB`;
  const measured = size === undefined ? 'over ' + limit : `${(size / GB).toFixed(1)} GB`;
  return `file is too large for Lumen to read as a photo (${measured}; photo files up to ${limit} are read); save a smaller copy to index it`;
}

/** Node's refusal to read a file that large into one buffer. */
export function isFileTooLargeError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_FS_FILE_TOO_LARGE';
}
