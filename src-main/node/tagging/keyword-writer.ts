import { createHash } from 'node:crypto';
import { copyFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { LumenFailure } from '../../../src-common/result';
import { diskIsFull, storageFailure } from '../library/storage-failure';
import { decodeAllowingMissingJpegEnd } from '../photos/jpeg-end-marker';
import { makeWorkingCopyPath, removeKeywordLeftovers } from './keyword-working-files';
import { SidecarNames } from './sidecar-names';

export { sidecarPathOf } from './sidecar-names';

/** Lumen tag names use "/" for hierarchy ("places/beach"); Lightroom's lr:hierarchicalSubject uses "|". */
export function keywordFields(tags: readonly string[]): { subject: string[]; hierarchical: string[] } {
  const subject = tags.map((tag) => tag.split('/').at(-1)?.trim() ?? tag).filter((word) => word !== '');
  const hierarchical = tags.map((tag) =>
    tag
      .split('/')
      .map((part) => part.trim())
      .join('|'),
  );
  return { subject: [...new Set(subject)], hierarchical: [...new Set(hierarchical)] };
}

/**
 * exiftool's JSON writes values that look like numbers or booleans unquoted (`1.50` as 1.50, `1E3`
 * as 1E3), and a JSON reader turns them into 1.5 and 1000: written back, another app's keyword
 * would change. StructFormat=JSONQ quotes every value, so keywords stay strings, byte for byte.
 */
const READ_KEYWORDS_AS_TEXT = ['-api', 'StructFormat=JSONQ', '-fast'];

interface KeywordTags {
  Subject?: unknown;
  HierarchicalSubject?: unknown;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function pixelHash(path: string): Promise<string> {
  // A JPEG missing only its end marker is read as the indexer reads it (jpeg-end-marker.ts).
  const { data, info } = await decodeAllowingMissingJpegEnd(path, (input, failOn) => sharp(input, { failOn }).raw().toBuffer({ resolveWithObject: true }));
  return createHash('sha256').update(`${info.width}x${info.height}x${info.channels}`).update(data).digest('hex');
}

/**
 * Writes tags as XMP keywords through exiftool: dc:subject (the flat keywords every program
 * reads) and lr:hierarchicalSubject. Keywords already there are kept as they are; Lumen only adds
 * its own. Every write goes to a working copy beside the file that is renamed into place, so a
 * killed export leaves the file as it was (see keyword-working-files.ts for what it leaves behind).
 */
export class KeywordWriter {
  private exiftool: ExifTool | null = null;

  private get tool(): ExifTool {
    this.exiftool ??= new ExifTool({ maxProcs: 1 });
    return this.exiftool;
  }

  /** One export pass: it names sidecars from folder listings taken now, and removes killed exports' leftovers. */
  startExport(): KeywordExport {
    return new KeywordExport(this);
  }

  async dispose(): Promise<void> {
    await this.exiftool?.end();
    this.exiftool = null;
  }

  async readKeywords(file: string): Promise<KeywordTags> {
    const tags: KeywordTags = await this.tool.read(file, { readArgs: READ_KEYWORDS_AS_TEXT });
    return { Subject: tags.Subject, HierarchicalSubject: tags.HierarchicalSubject };
  }

  /** Adds the tags to `file`'s keywords in place; a file that does not exist yet is created when `mayCreate`. */
  async writeKeywords(file: string, tags: readonly string[], mayCreate: boolean): Promise<void> {
    const wanted = keywordFields(tags);
    let existing: KeywordTags = {};
    try {
      existing = await this.readKeywords(file);
    } catch (error) {
      // A sidecar that does not exist yet is created by the write below.
      if (!mayCreate) throw error;
    }
    const subject = [...new Set([...asList(existing.Subject), ...wanted.subject])];
    const hierarchical = [...new Set([...asList(existing.HierarchicalSubject), ...wanted.hierarchical])];
    await this.tool.write(file, { Subject: subject, HierarchicalSubject: hierarchical }, { writeArgs: ['-overwrite_original'] });
  }
}

export class KeywordExport {
  private readonly sidecars = new SidecarNames();
  private readonly swept = new Map<string, Promise<unknown>>();

  constructor(private readonly writer: KeywordWriter) {}

  /**
   * Creates or updates the photo's sidecar (see SidecarNames for its name); returns its path. A
   * full disk throws `disk-full`, naming the sidecar.
   */
  async writeSidecar(photoPath: string, tags: readonly string[]): Promise<string> {
    await this.sweep(dirname(photoPath));
    const sidecar = await this.sidecars.pathFor(photoPath);
    let workingFolder: string | undefined;
    try {
      const { folder, copy: working } = await makeWorkingCopyPath(sidecar);
      workingFolder = folder;
      const exists = await copyFile(sidecar, working).then(
        () => true,
        (error: unknown) => {
          if (isMissing(error)) return false;
          throw error;
        },
      );
      await this.writer.writeKeywords(working, tags, !exists);
      await rename(working, sidecar);
    } catch (error) {
      const failure = storageFailure(error, `the sidecar ${sidecar}`, { writing: true, keepWhere: true });
      if (failure) throw failure;
      // exiftool reports a failed write without its cause ("Error writing output file"): look at the disk.
      if (/error (writing|creating)/i.test((error as Error).message) && (await diskIsFull(dirname(sidecar)))) {
        throw new LumenFailure(
          'disk-full',
          `the disk is full: Lumen could not write the sidecar ${sidecar} (${(error as Error).message}). Free some space and export again.`,
        );
      }
      throw error;
    } finally {
      if (workingFolder !== undefined) await rm(workingFolder, { recursive: true, force: true });
    }
    return sidecar;
  }

  /**
   * Embeds the keywords in the photo itself: written to a working copy, read back and checked
   * (keywords present, pixels identical), then renamed over the original in one step. A failure at
   * any point leaves the original untouched.
   */
  async embedInOriginal(photoPath: string, tags: readonly string[]): Promise<void> {
    await this.sweep(dirname(photoPath));
    let workingFolder: string | undefined;
    try {
      const { folder, copy: working } = await makeWorkingCopyPath(photoPath);
      workingFolder = folder;
      await copyFile(photoPath, working);
      await this.writer.writeKeywords(working, tags, false);
      const { subject } = keywordFields(tags);
      const written = asList((await this.writer.readKeywords(working)).Subject);
      if (!subject.every((word) => written.includes(word)))
        throw new LumenFailure('write-check-failed', `the keywords did not read back from the copy of ${photoPath}`);
      if ((await pixelHash(working)) !== (await pixelHash(photoPath)))
        throw new LumenFailure('write-check-failed', `writing keywords changed the pixels of ${photoPath}`);
      await rename(working, photoPath);
    } catch (error) {
      throw storageFailure(error, `a working copy of ${photoPath} beside it`, { keepWhere: true }) ?? error;
    } finally {
      if (workingFolder !== undefined) await rm(workingFolder, { recursive: true, force: true });
    }
  }

  /** Once per folder and export: the working files a killed export left there would be in the way. */
  private sweep(folder: string): Promise<unknown> {
    let done = this.swept.get(folder);
    if (!done) {
      done = removeKeywordLeftovers(folder);
      this.swept.set(folder, done);
    }
    return done;
  }
}
