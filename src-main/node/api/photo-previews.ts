/**
 * Large previews of originals a browser cannot draw (TIFF, HEIC, camera RAW, JPEG XL): decoded once
 * the way the indexer decodes them, upright, fitted inside 2048 px, and kept as JPEG files in
 * `<library>/previews`, bounded in size (the least recently shown go first). The viewer asks for one
 * only when the original did not load, so ordinary JPEGs never cost one. The same copies, smaller and
 * in WebP, are the grid's larger thumbnails (library-files.ts).
 */
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from '../photos/decode-image';
import { openOtherFormat } from '../photos/formats/other-format-source';

/** The long side of a preview: a full-screen viewer on most displays, a 2× one on laptops. */
export const PREVIEW_LONG_SIDE = 2048;
/** What the previews folder may hold before the least recently shown are removed. */
export const PREVIEW_CACHE_BYTES = 512 * 1024 * 1024;

/** What the copies are: their long side and file format (JPEG previews; WebP larger thumbnails). */
export interface CopyShape {
  longSide: number;
  format: 'jpeg' | 'webp';
}

export const PREVIEW_SHAPE: CopyShape = { longSide: PREVIEW_LONG_SIDE, format: 'jpeg' };

function fitInside(size: { width: number; height: number }, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

export class PhotoPreviews {
  // One decode at a time: a RAW or HEIC decode is heavy, and the viewer shows one photo at once.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: string,
    private readonly limitBytes = PREVIEW_CACHE_BYTES,
    private readonly shape: CopyShape = PREVIEW_SHAPE,
  ) {}

  private get extension(): string {
    return this.shape.format === 'jpeg' ? '.jpg' : '.webp';
  }

  /**
   * The preview file of `original`; `version` names this state of the file (its id, size and
   * modification time), so an edited original gets a new preview.
   */
  async previewOf(original: string, version: string): Promise<string> {
    const file = join(this.folder, `${version}${this.extension}`);
    if (await this.touch(file)) return file;
    const made = this.queue.then(() => this.make(original, file));
    // The next preview waits for this one however it ends; its failure goes to this call's caller.
    this.queue = made.catch(() => undefined);
    return made;
  }

  private async make(original: string, file: string): Promise<string> {
    if (await this.touch(file)) return file;
    const bytes = await readFile(original);
    const longSide = this.shape.longSide;
    const other = await openOtherFormat(bytes, { path: original, sizeFor: (size) => fitInside(size, longSide), maxPixels: MAX_INPUT_PIXELS });
    const source = sharp(other?.input ?? bytes, other?.options ?? { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 });
    const upright = source
      .rotate()
      .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .toColourspace('srgb')
      .flatten({ background: '#ffffff' });
    // WebP effort 0, as the indexer's thumbnails (docs/BENCHMARKS.md).
    const encoded = await (this.shape.format === 'jpeg' ? upright.jpeg({ quality: 85, mozjpeg: false }) : upright.webp({ quality: 80, effort: 0 })).toBuffer();
    await mkdir(this.folder, { recursive: true });
    // Written beside and renamed: a reader never gets half a file.
    const partial = `${file}.partial`;
    await writeFile(partial, encoded);
    await rename(partial, file);
    await this.trim(file);
    return file;
  }

  /** Marks a kept preview as just shown; false when there is none. */
  private async touch(file: string): Promise<boolean> {
    try {
      const now = new Date();
      await utimes(file, now, now);
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the least recently shown previews until the folder is within its limit (never `keep`). */
  private async trim(keep: string): Promise<void> {
    const names = (await readdir(this.folder)).filter((name) => name.endsWith(this.extension));
    const entries = await Promise.all(
      names.map(async (name) => {
        const path = join(this.folder, name);
        const info = await stat(path).catch(() => null);
        return info ? { path, size: info.size, shownAt: info.mtimeMs } : null;
      }),
    );
    const kept = entries.filter((entry) => entry !== null).sort((a, b) => a.shownAt - b.shownAt);
    let total = kept.reduce((sum, entry) => sum + entry.size, 0);
    for (const entry of kept) {
      if (total <= this.limitBytes) break;
      if (entry.path === keep) continue;
      await rm(entry.path, { force: true });
      total -= entry.size;
    }
  }
}
