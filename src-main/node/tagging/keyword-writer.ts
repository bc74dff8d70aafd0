import { createHash } from 'node:crypto';
import { copyFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { LumenFailure } from '../../../src-common/result';
import { diskIsFull, storageFailure } from '../library/storage-failure';

/** Lumen tag names use "/" for hierarchy ("places/beach"); Lightroom's lr:hierarchicalSubject uses "|". */
export function keywordFields(tags: readonly string[]): { subject: string[]; hierarchical: string[] } {
  const subject = tags.map((tag) => tag.split('/').at(-1)?.trim() ?? tag).filter((word) => word !== '');
  const hierarchical = tags.map((tag) => tag.split('/').map((part) => part.trim()).join('|'));
  return { subject: [...new Set(subject)], hierarchical: [...new Set(hierarchical)] };
}

/** `photo.jpg` → `photo.xmp` next to it: the sidecar name Lightroom, digiKam and darktable (as an option) all read. */
export function sidecarPathOf(photoPath: string): string {
  return join(dirname(photoPath), `${basename(photoPath, extname(photoPath))}.xmp`);
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value !== '' ? [value] : [];
}

async function pixelHash(path: string): Promise<string> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return createHash('sha256').update(`${info.width}x${info.height}x${info.channels}`).update(data).digest('hex');
}

/**
 * Writes tags as XMP keywords through exiftool: dc:subject (the flat keywords every program
 * reads) and lr:hierarchicalSubject. Keywords already there are kept; Lumen only adds its own.
 */
export class KeywordWriter {
  private exiftool: ExifTool | null = null;

  private get tool(): ExifTool {
    this.exiftool ??= new ExifTool({ maxProcs: 1 });
    return this.exiftool;
  }

  /** Creates or updates the photo's sidecar; returns its path. A full disk throws `disk-full`, naming the sidecar. */
  async writeSidecar(photoPath: string, tags: readonly string[]): Promise<string> {
    const sidecar = sidecarPathOf(photoPath);
    try {
      await this.writeKeywords(sidecar, tags, true);
    } catch (error) {
      const failure = storageFailure(error, `the sidecar ${sidecar}`, { writing: true });
      if (failure) throw failure;
      // exiftool reports a failed write without its cause ("Error writing output file"): look at the disk.
      if (/error (writing|creating)/i.test((error as Error).message) && (await diskIsFull(dirname(sidecar)))) {
        throw new LumenFailure('disk-full', `the disk is full: Lumen could not write the sidecar ${sidecar} (${(error as Error).message}). Free some space and export again.`);
      }
      throw error;
    }
    return sidecar;
  }

  /**
   * Embeds the keywords in the photo itself: written to a temporary copy, read back and checked
   * (keywords present, pixels identical), then renamed over the original in one step. A failure at
   * any point leaves the original untouched.
   */
  async embedInOriginal(photoPath: string, tags: readonly string[]): Promise<void> {
    const temporary = join(dirname(photoPath), `.${basename(photoPath)}.lumen-${process.pid}.tmp${extname(photoPath)}`);
    try {
      await copyFile(photoPath, temporary);
      await this.writeKeywords(temporary, tags, false);
      const { subject } = keywordFields(tags);
      const written = asList((await this.tool.read(temporary)).Subject);
      if (!subject.every((word) => written.includes(word))) throw new LumenFailure('write-check-failed', `the keywords did not read back from the copy of ${photoPath}`);
      if ((await pixelHash(temporary)) !== (await pixelHash(photoPath))) throw new LumenFailure('write-check-failed', `writing keywords changed the pixels of ${photoPath}`);
      await rename(temporary, photoPath);
    } catch (error) {
      throw storageFailure(error, `a working copy of ${photoPath} beside it`, { keepWhere: true }) ?? error;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async dispose(): Promise<void> {
    await this.exiftool?.end();
    this.exiftool = null;
  }

  private async writeKeywords(file: string, tags: readonly string[], mayCreate: boolean): Promise<void> {
    const wanted = keywordFields(tags);
    let existing: { Subject?: unknown; HierarchicalSubject?: unknown } = {};
    try {
      existing = await this.tool.read(file);
    } catch (error) {
      // A sidecar that does not exist yet is created by the write below.
      if (!mayCreate) throw error;
    }
    const subject = [...new Set([...asList(existing.Subject), ...wanted.subject])];
    const hierarchical = [...new Set([...asList(existing.HierarchicalSubject), ...wanted.hierarchical])];
    await this.tool.write(file, { Subject: subject, HierarchicalSubject: hierarchical }, { writeArgs: ['-overwrite_original'] });
  }
}
