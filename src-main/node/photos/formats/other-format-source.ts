import { extname } from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp, { type SharpOptions } from 'sharp';
import { isRawPath } from '../photo-formats';
import { decodeBmp } from './bmp-decoder';
import type { DecodedPixels, PixelSize } from './decoded-pixels';
import { decodeHeif } from './heif-decoder';
import { decodeJxl } from './jxl-decoder';
import { findDcrawEmu } from './libraw-command';
import { RawDecoder } from './raw-decoder';
import { rawFormatByContent, sniffImageKind } from './sniff-image-kind';

/** A photo libvips cannot decode by itself, turned into something it can: decoded pixels or an embedded JPEG. */
export interface OtherFormatSource {
  /** What sharp reads instead of the file's bytes, with `options`. */
  input: Buffer;
  options: SharpOptions;
  /** The format name recorded for the photo: heic, jxl, bmp, or the RAW's extension (dng, cr3, …). */
  format: string;
  /** EXIF (a TIFF block, or a whole TIFF-based RAW) for metadata, read apart from the pixels. */
  exif: Buffer | undefined;
  /** Upright size of the photo itself (`input` may be a smaller embedded thumbnail or preview); undefined: the size of `input`. */
  upright: PixelSize | undefined;
  /** The colour profile decoded pixels are in (a HEIC's, from its container); undefined: the one `input` carries, if any. */
  icc?: Buffer | undefined;
}

export interface OtherFormatRequest {
  /** The file's path where it has one: RAW formats are recognised by extension, and exiftool and LibRaw read files. */
  path?: string | undefined;
  /** The size the caller will resize to, given the photo's upright size: embedded images at least this large are used. */
  sizeFor?: ((upright: PixelSize) => PixelSize) | undefined;
  maxPixels: number;
}

let defaultRawDecoder: RawDecoder | null = null;

/** One exiftool process per process that decodes RAW files, started on the first one. */
function rawDecoder(): RawDecoder {
  defaultRawDecoder ??= new RawDecoder({ exiftool: new ExifTool({ maxProcs: 1, taskTimeoutMillis: 30_000 }), dcrawEmu: findDcrawEmu() });
  return defaultRawDecoder;
}

function pixelSource(pixels: DecodedPixels, format: string, exif: Buffer | undefined, maxPixels: number, upright?: PixelSize): OtherFormatSource {
  const raw = { width: pixels.width, height: pixels.height, channels: pixels.channels, premultiplied: pixels.premultiplied };
  return { input: pixels.data, options: { raw, limitInputPixels: maxPixels }, format, exif, upright };
}

function rawFormatName(bytes: Buffer, path: string | undefined): string {
  if (path !== undefined && isRawPath(path)) return extname(path).slice(1).toLowerCase();
  return rawFormatByContent(bytes) ?? 'raw';
}

/** EXIF of a HEIF file, read from the container by libvips, which needs no HEVC decoder for that: dates and GPS even where the pixels cannot be decoded. */
export async function readHeifExif(bytes: Buffer): Promise<Buffer | undefined> {
  return (await readHeifMetadata(bytes)).exif;
}

/** EXIF and the colour profile of a HEIF file, from its container (see readHeifExif). */
async function readHeifMetadata(bytes: Buffer): Promise<{ exif: Buffer | undefined; icc: Buffer | undefined }> {
  try {
    const { exif, icc } = await sharp(bytes).metadata();
    return { exif, icc };
  } catch {
    return { exif: undefined, icc: undefined };
  }
}

/**
 * Null for the formats sharp decodes itself. Otherwise the decoder for HEIC (libheif as
 * WebAssembly), camera RAW (embedded preview, LibRaw fallback), JPEG XL or BMP has done its part,
 * and sharp continues from what it returns: orientation (already applied to decoded pixels and
 * LibRaw output, written into a RAW preview's header), resizing, colour conversion.
 */
export async function openOtherFormat(bytes: Buffer, request: OtherFormatRequest): Promise<OtherFormatSource | null> {
  const kind = sniffImageKind(bytes, request.path);
  switch (kind) {
    case 'libvips':
      return null;
    case 'heif': {
      const [pixels, { exif, icc }] = await Promise.all([
        decodeHeif(bytes, { sizeFor: request.sizeFor, maxPixels: request.maxPixels }),
        readHeifMetadata(bytes),
      ]);
      return { ...pixelSource(pixels, 'heic', exif, request.maxPixels, pixels.primary), icc };
    }
    case 'raw': {
      const raw = await rawDecoder().open(bytes, request.path, request.sizeFor);
      const options: SharpOptions = { failOn: 'error', limitInputPixels: request.maxPixels, pages: 1, page: 0 };
      return { input: raw.encoded, options, format: rawFormatName(bytes, request.path), exif: raw.exif, upright: raw.upright };
    }
    case 'jxl':
      return pixelSource(await decodeJxl(bytes, request.maxPixels), 'jxl', undefined, request.maxPixels);
    case 'bmp':
      return pixelSource(decodeBmp(bytes, request.maxPixels), 'bmp', undefined, request.maxPixels);
  }
}
