/**
 * Large previews of originals a browser cannot draw (TIFF, HEIC, camera RAW, JPEG XL): decoded once
 * the way the indexer decodes them, upright, fitted inside 2048 px, and kept as JPEG files in
 * `<library>/previews`, bounded in size (the least recently shown go first). The viewer asks for one
 * only when the original did not load, so ordinary JPEGs never cost one. The same copies, smaller and
 * in WebP, are the grid's larger thumbnails (library-files.ts). The decoding itself is done by the
 * `PreviewMaker` given (the embed worker process in the app: heavy work stays out of the services).
 */
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviewMaker } from '../photos/preview-copy';

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

export class PhotoPreviews {
  // One decode at a time: a RAW or HEIC decode is heavy, and the viewer shows one photo at once.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: string,
    private readonly makeCopy: PreviewMaker,
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
    await mkdir(this.folder, { recursive: true });
    // Written beside and renamed: a reader never gets half a file.
    const partial = `${file}.partial`;
    await this.makeCopy({ original, destination: partial, longSide: this.shape.longSide, format: this.shape.format });
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
