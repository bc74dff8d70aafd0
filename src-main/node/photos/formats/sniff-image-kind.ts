import { isRawPath } from '../photo-formats';

/**
 * Which decoder a file needs, from its first bytes (and, for camera RAW, its extension):
 * - `libvips`: sharp decodes it (JPEG, PNG, WebP, TIFF, GIF, AVIF and other AV1-coded HEIF);
 * - `heif`: HEIF that is not AV1 (HEIC from phones, `.hif` from cameras): libheif as WebAssembly;
 * - `raw`: camera RAW: never sharp, whose TIFF reader would return the RAW's tiny thumbnail;
 * - `jxl`, `bmp`: formats sharp's libvips is built without.
 * By content first, so a HEIC named `.jpg` (phones' exports do that) still decodes.
 */
export type ImageKind = 'libvips' | 'heif' | 'raw' | 'jxl' | 'bmp';

const HEVC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AV1_BRANDS = new Set(['avif', 'avis', 'avio']);
const BMP_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, Math.min(to, bytes.length) - from)).toString('latin1');
}

/** The major and compatible brands of an ISO-BMFF `ftyp` box at the start of the file, or null. */
function ftypBrands(bytes: Uint8Array): string[] | null {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return null;
  const size = Math.min(Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0), bytes.length, 4096);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

function heifKind(brands: readonly string[], bytes: Uint8Array): ImageKind {
  if (brands.some((b) => HEVC_BRANDS.has(b))) return 'heif';
  if (brands.some((b) => AV1_BRANDS.has(b))) return 'libvips';
  // Only the generic 'mif1'/'msf1': look for an AV1 item type among the first boxes.
  return ascii(bytes, 0, 65536).includes('av01') ? 'libvips' : 'heif';
}

/** Whether a little- or big-endian TIFF's first IFD has the DNGVersion tag (0xC612). */
function isDng(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const little = ascii(bytes, 0, 4) === 'II*\0';
  if (!little && ascii(bytes, 0, 4) !== 'MM\0*') return false;
  const u16 = (at: number): number => (little ? view.readUInt16LE(at) : view.readUInt16BE(at));
  const ifd = little ? view.readUInt32LE(4) : view.readUInt32BE(4);
  if (ifd + 2 > view.length) return false;
  const entries = u16(ifd);
  for (let i = 0; i < entries && ifd + 2 + i * 12 + 2 <= view.length; i++) {
    if (u16(ifd + 2 + i * 12) === 0xc612) return true;
  }
  return false;
}

/**
 * The RAW format of a file recognisable from its first bytes alone, as its usual extension
 * (without the dot), or null. Most other RAW formats are TIFF inside and need the file's name.
 */
export function rawFormatByContent(bytes: Uint8Array): string | null {
  if (ftypBrands(bytes)?.[0] === 'crx ') return 'cr3';
  const head = ascii(bytes, 0, 16);
  if (head.startsWith('II*\0') && head.slice(8, 10) === 'CR') return 'cr2';
  if (head.startsWith('FUJIFILMCCD-RAW')) return 'raf';
  if (head.startsWith('FOVb')) return 'x3f';
  if (head.startsWith('\0MRM')) return 'mrw';
  if (head.startsWith('IIRO') || head.startsWith('IIRS') || head.startsWith('MMOR')) return 'orf';
  if (head.startsWith('IIU\0')) return 'rw2';
  return isDng(bytes) ? 'dng' : null;
}

export function sniffImageKind(bytes: Uint8Array, path?: string): ImageKind {
  if (rawFormatByContent(bytes) !== null) return 'raw';
  const brands = ftypBrands(bytes);
  if (brands) return heifKind(brands, bytes);
  if (bytes[0] === 0xff && bytes[1] === 0x0a) return 'jxl';
  if (ascii(bytes, 0, 12) === '\0\0\0\x0cJXL \r\n\x87\n') return 'jxl';
  if (bytes.length >= 26 && ascii(bytes, 0, 2) === 'BM' && BMP_HEADER_SIZES.has(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32LE(14)))
    return 'bmp';
  // Extension last: a RAW name on a JPEG (or other plain image) is decoded as what it is.
  if (path !== undefined && isRawPath(path) && !(bytes[0] === 0xff && bytes[1] === 0xd8)) return 'raw';
  return 'libvips';
}
