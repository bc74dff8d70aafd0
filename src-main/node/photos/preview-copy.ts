/**
 * One preview copy of an original: decoded the way the indexer decodes (HEIC, camera RAW and JPEG XL
 * through their own decoders), upright, fitted inside `longSide`, sRGB on white, encoded as JPEG or
 * WebP and written to `destination`. Heavy work: the services ask the embed worker process to do it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { MAX_INPUT_PIXELS } from './decode-image';
import { openOtherFormat } from './formats/other-format-source';
import { decodeAllowingMissingJpegEnd } from './jpeg-end-marker';

export interface PreviewJob {
  /** The checked path of the original. */
  original: string;
  /** Where the encoded copy is written (the caller renames it into place). */
  destination: string;
  longSide: number;
  format: 'jpeg' | 'webp';
}

/** Makes a preview copy somewhere (the embed worker, in the app); resolves once `destination` is written. */
export type PreviewMaker = (job: PreviewJob) => Promise<void>;

function fitInside(size: { width: number; height: number }, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** Decodes and encodes in this process: what the embed worker runs. */
export async function writePreviewCopy({ original, destination, longSide, format }: PreviewJob): Promise<void> {
  const bytes = await readFile(original);
  const other = await openOtherFormat(bytes, { path: original, sizeFor: (size) => fitInside(size, longSide), maxPixels: MAX_INPUT_PIXELS });
  const encode = (source: Sharp): Promise<Buffer> => {
    const upright = source
      .rotate()
      .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .toColourspace('srgb')
      .flatten({ background: '#ffffff' });
    // WebP effort 0, as the indexer's thumbnails (docs/BENCHMARKS.md).
    return (format === 'jpeg' ? upright.jpeg({ quality: 85, mozjpeg: false }) : upright.webp({ quality: 80, effort: 0 })).toBuffer();
  };
  // A JPEG missing only its end marker is decoded again with it (jpeg-end-marker.ts), as the indexer does.
  const encoded =
    other === null
      ? await decodeAllowingMissingJpegEnd(bytes, (input, failOn) => encode(sharp(input, { failOn, limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 })))
      : await encode(sharp(other.input, other.options));
  await writeFile(destination, encoded);
}
