import { extname } from 'node:path';

/**
 * Camera RAW extensions. Lumen decodes the JPEG preview the camera embeds (exiftool finds it in
 * every one of these), with LibRaw as the fallback where there is none; see formats/raw-decoder.ts.
 */
export const RAW_EXTENSIONS: ReadonlySet<string> = new Set([
  '.dng',
  '.cr2',
  '.cr3',
  '.crw',
  '.nef',
  '.nrw',
  '.arw',
  '.srf',
  '.sr2',
  '.raf',
  '.orf',
  '.rw2',
  '.pef',
  '.srw',
  '.x3f',
  '.3fr',
  '.fff',
  '.iiq',
  '.rwl',
  '.erf',
  '.mrw',
  '.kdc',
  '.dcr',
  '.mef',
  '.mos',
  '.raw',
]);

/** File extensions the indexer picks up. `.hif` is the HEIF extension of Canon and Sony cameras; `.jfif`, `.jfi`, `.jif` are JPEG. */
export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.jfi',
  '.jif',
  '.png',
  '.webp',
  '.tif',
  '.tiff',
  '.gif',
  '.bmp',
  '.dib',
  '.avif',
  '.heic',
  '.heif',
  '.hif',
  '.jxl',
  ...RAW_EXTENSIONS,
]);

export function isPhotoPath(path: string): boolean {
  return PHOTO_EXTENSIONS.has(extname(path).toLowerCase());
}

export function isRawPath(path: string): boolean {
  return RAW_EXTENSIONS.has(extname(path).toLowerCase());
}
