import { constants } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { storageFailure } from '../library/storage-failure';
import { sha256OfFile } from './file-hash';
import type { FileAction, FileJournal } from './file-journal';

export interface PlannedTransfer {
  source: string;
  destination: string;
}

/**
 * Copies or moves files as a journaled batch. Copies are verified by hash before they count;
 * a move is a rename on the same volume and, across volumes, a verified copy whose source is
 * deleted only after the copy checks out. Nothing is ever overwritten (COPYFILE_EXCL, and
 * destinations come from collisionSafeDestination).
 */
export class FileMover {
  constructor(private readonly journal: FileJournal) {}

  /**
   * A full or read-only destination stops the batch with `disk-full` or `read-only`, saying how many
   * files were done: those stay recorded, so undo takes them back; the failed copy leaves no partial file.
   */
  async run(action: FileAction, description: string, transfers: readonly PlannedTransfer[]): Promise<number> {
    const batchId = this.journal.startBatch(action, description);
    let done = 0;
    for (const { source, destination } of transfers) {
      const [info, sha256] = [await stat(source), await sha256OfFile(source)];
      const operationId = this.journal.plan(batchId, source, destination, info.size, sha256);
      try {
        await mkdir(dirname(destination), { recursive: true });
        if (action === 'copy') await verifiedCopy(source, destination, sha256);
        else await moveFile(source, destination, sha256);
      } catch (error) {
        const failure = storageFailure(error, destination, { writing: true, keepWhere: true });
        if (!failure) throw error;
        const verb = action === 'copy' ? 'copied' : 'moved';
        throw new LumenFailure(failure.code, `${failure.message} ${done} of ${transfers.length} photo(s) were ${verb} before it stopped; undo takes them back.`);
      }
      this.journal.setStatus(operationId, 'done');
      done++;
    }
    return batchId;
  }
}

export async function verifiedCopy(source: string, destination: string, sha256: string): Promise<void> {
  await copyFile(source, destination, constants.COPYFILE_EXCL);
  if ((await sha256OfFile(destination)) !== sha256) {
    await unlink(destination);
    throw new LumenFailure('copy-mismatch', `the copy of ${source} at ${destination} does not match the original; it was removed`);
  }
}

/** Rename when possible; across volumes, copy, verify, then delete the source. */
export async function moveFile(source: string, destination: string, sha256: string): Promise<void> {
  if (await pathExists(destination)) throw new LumenFailure('destination-exists', `${destination} already exists; nothing was moved`);
  try {
    await rename(source, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await verifiedCopy(source, destination, sha256);
    await unlink(source);
  }
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
