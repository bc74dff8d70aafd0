import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import type { PixelSize } from './decoded-pixels';
import { ImageFormatError } from './image-format-error';
import { withJpegOrientation } from './jpeg-orientation';
import { developWithDcrawEmu, LIBRAW_INSTALL_HINT } from './libraw-command';
import { rawFormatByContent } from './sniff-image-kind';

export interface RawSource {
  /** What sharp decodes: the embedded JPEG with the RAW's orientation written in, or LibRaw's upright TIFF. */
  encoded: Buffer;
  from: 'preview' | 'libraw';
  /** Upright size of the RAW's image (what the library records), not of the preview. */
  upright: PixelSize;
  /** EXIF as a TIFF block for metadata: the RAW itself where it is a TIFF, else exiftool's EXIF block, else the preview's. */
  exif: Buffer | undefined;
}

export interface RawDecoderDependencies {
  exiftool: Pick<ExifTool, 'readRaw' | 'extractBinaryTagToBuffer'>;
  /** Path of LibRaw's dcraw_emu, or null where it is not installed (see findDcrawEmu). */
  dcrawEmu: string | null;
}

/** Embedded images, best first when equally large: the full-size JPEG some cameras keep, then previews. */
const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'OtherImage'] as const;
const BINARY_SIZE = /^\(Binary data (\d+) bytes/;

function binarySize(value: unknown): number {
  const match = typeof value === 'string' ? BINARY_SIZE.exec(value) : null;
  return match ? Number(match[1]) : 0;
}

function parseImageSize(value: unknown): PixelSize | null {
  const match = typeof value === 'string' ? /^(\d+)[ x](\d+)$/.exec(value.trim()) : null;
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

function uprightOf(size: PixelSize, orientation: number): PixelSize {
  return orientation >= 5 && orientation <= 8 ? { width: size.height, height: size.width } : size;
}

function isTiff(bytes: Buffer): boolean {
  const head = bytes.toString('latin1', 0, 4);
  return head === 'II*\0' || head === 'MM\0*';
}

/**
 * Camera RAW for indexing: the JPEG the camera embedded (found by exiftool in every RAW format it
 * reads), turned by the RAW's own Orientation; LibRaw develops the sensor data where there is no
 * preview or it is smaller than the caller needs. Never the TIFF reader's view of the file, which
 * for a DNG is a 256-pixel thumbnail.
 */
export class RawDecoder {
  constructor(private readonly dependencies: RawDecoderDependencies) {}

  async open(bytes: Buffer, path: string | undefined, sizeFor?: (upright: PixelSize) => PixelSize): Promise<RawSource> {
    if (path !== undefined) return this.openFile(bytes, path, sizeFor);
    // Bytes from elsewhere (a dropped file): exiftool and LibRaw read files, so give them one.
    const folder = await mkdtemp(join(tmpdir(), 'lumen-raw-'));
    try {
      // exiftool tells RAW formats apart partly by extension: give the copy the one its content shows.
      const file = join(folder, `photo.${rawFormatByContent(bytes) ?? 'tif'}`);
      await writeFile(file, bytes);
      return await this.openFile(bytes, file, sizeFor);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private async openFile(bytes: Buffer, path: string, sizeFor?: (upright: PixelSize) => PixelSize): Promise<RawSource> {
    const { exiftool, dcrawEmu } = this.dependencies;
    let tags: Record<string, unknown>;
    try {
      tags = (await exiftool.readRaw(path, { readArgs: ['-n', '-Orientation', '-ImageSize', ...PREVIEW_TAGS.map((t) => `-${t}`)] })) as Record<string, unknown>;
    } catch (error) {
      throw new ImageFormatError('exiftool could not read this RAW file; it may be damaged or of a camera model too new for the bundled exiftool', {
        cause: error,
      });
    }
    const orientation = typeof tags['Orientation'] === 'number' ? tags['Orientation'] : 1;
    const sensor = parseImageSize(tags['ImageSize']);
    const best = PREVIEW_TAGS.map((tag) => ({ tag, size: binarySize(tags[tag]) }))
      .filter((c) => c.size > 0)
      .sort((a, b) => b.size - a.size)[0];

    let preview: { jpeg: Buffer; embedded: Buffer; upright: PixelSize } | null = null;
    if (best) {
      const embedded = await exiftool.extractBinaryTagToBuffer(best.tag, path).catch(() => null);
      const oriented = embedded && withJpegOrientation(embedded, orientation);
      const info =
        oriented &&
        (await sharp(oriented)
          .metadata()
          .catch(() => null));
      if (embedded && oriented && info?.width && info.height) {
        preview = { jpeg: oriented, embedded, upright: uprightOf({ width: info.width, height: info.height }, orientation) };
      }
    }
    const upright = sensor ? uprightOf(sensor, orientation) : preview?.upright;
    if (!upright) throw new ImageFormatError('this RAW file has neither an embedded preview nor an image size Lumen can read; it may be damaged');
    const exif = isTiff(bytes) ? bytes : await this.exifBlock(path, preview?.embedded);

    const wanted = sizeFor?.(upright) ?? upright;
    const previewIsEnough = preview !== null && preview.upright.width >= wanted.width && preview.upright.height >= wanted.height;
    if (preview && (previewIsEnough || dcrawEmu === null)) return { encoded: preview.jpeg, from: 'preview', upright, exif };
    if (dcrawEmu === null) {
      throw new ImageFormatError(`this RAW file has no embedded preview, and decoding its sensor data needs ${LIBRAW_INSTALL_HINT}, which is not installed`);
    }
    const halfSize = sensor !== null && sensor.width >= 2 * wanted.width && sensor.height >= 2 * wanted.height;
    return { encoded: await developWithDcrawEmu(dcrawEmu, path, { halfSize }), from: 'libraw', upright, exif };
  }

  /** EXIF of a RAW that is not a TIFF (CR3, RAF, ORF, RW2, X3F, MRW): exiftool's EXIF block, else the preview's. */
  private async exifBlock(path: string, preview: Buffer | undefined): Promise<Buffer | undefined> {
    const block = await this.dependencies.exiftool.extractBinaryTagToBuffer('EXIF', path).catch(() => null);
    if (block && block.length > 8) return block;
    return preview
      ? (
          await sharp(preview)
            .metadata()
            .catch(() => null)
        )?.exif
      : undefined;
  }
}
