import type { Stats } from 'node:fs';
import { lstat, mkdir, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { storageFailure } from '../library/storage-failure';
import { copyDurably, pathExists, renameWithoutReplacing, syncFolder } from './durable-file';
import { sha256OfFile } from './file-hash';
import type { FileAction, FileJournal } from './file-journal';
import { describeFileOperationProblem } from './file-operation-problem';
import { recoverInterruptedOperations } from './interrupted-operations';
import { revertOperation } from './operation-revert';
import { discardingLogger, errorFields, type Logger } from '../logging/logger';
import { partialPathFor } from './partial-file-name';
import type { HistoryJournal } from '../history/history-journal';

export interface PlannedTransfer {
  source: string;
  destination: string;
}

export interface TransferReport {
  /** The journal batch `lumen undo` takes back; null when no file was copied or moved. */
  batchId: number | null;
  /** Why each file that was not copied or moved was not (by source path); the others were. */
  failed: Map<string, string>;
}

/**
 * Copies or moves files as a journaled batch that a crash at any instant cannot damage: every step
 * is journaled before it is taken; a copy is written under a temporary name, synced, checked
 * against the original's SHA-256 and only then renamed into place; a move deletes its source only
 * after that (on one volume it is a rename). Nothing is ever overwritten. Each run first cleans up
 * after a run that was killed (see recoverInterruptedOperations).
 */
export class FileMover {
  constructor(
    private readonly journal: FileJournal,
    /** Roll-backs that fail are logged here; default: nowhere (tools and tests that do not look). */
    private readonly logger: Logger = discardingLogger,
    /** Where each batch that copied or moved something is recorded for the window's undo; none: not recorded. */
    private readonly history?: HistoryJournal,
  ) {}

  /**
   * A file that cannot be copied or moved (gone, unreadable, changed meanwhile) is reported in
   * `failed` and the rest go on. A full or read-only destination stops the batch with `disk-full`
   * or `read-only`, saying how many files were done: those stay recorded, so undo takes them back;
   * the failed copy leaves no partial file.
   */
  run(action: FileAction, description: string, transfers: readonly PlannedTransfer[]): Promise<TransferReport> {
    return this.journal.lock.exclusively(async () => {
      await recoverInterruptedOperations(this.journal);
      // Recorded with the batch, before any file is touched: a batch killed midway is undone from the history like the rest.
      let entryId: number | undefined;
      const batchId = this.journal.startBatch(action, description, (id) => {
        entryId = this.history?.record(pastTense(action, description), { kind: action, batchId: id, photos: transfers.length });
      });
      const failed = new Map<string, string>();
      let done = 0;
      try {
        for (const { source, destination } of transfers) {
          const progress = { batchId, done, total: transfers.length };
          const problem = await this.transfer(action, source, destination, progress);
          if (problem === undefined) done++;
          else failed.set(source, problem);
        }
      } finally {
        // Also when a full disk stopped the batch: the files done stay in the history; a batch that did nothing leaves it.
        if (done === 0 && entryId !== undefined) this.history?.forget(entryId);
      }
      if (done === 0) this.journal.closeBatchesWithNothingDone();
      return { batchId: done > 0 ? batchId : null, failed };
    });
  }

  /** One file: undefined when it was copied or moved, else why not. */
  private async transfer(
    action: FileAction,
    source: string,
    destination: string,
    progress: { batchId: number; done: number; total: number },
  ): Promise<string | undefined> {
    let info: Stats;
    let sha256: string;
    try {
      info = await lstat(source);
      if (info.isSymbolicLink()) {
        if (action === 'move') return `it is a symbolic link; Lumen moves only the files themselves (--copy copies what it points to)`;
        info = await stat(source);
      }
      if (!info.isFile()) return 'it is not a file';
      sha256 = await sha256OfFile(source);
    } catch (error) {
      return describeFileOperationProblem(error, dirname(destination));
    }
    const operationId = this.journal.plan(progress.batchId, source, destination, info.size, sha256);
    try {
      await mkdir(dirname(destination), { recursive: true });
      if (await pathExists(destination))
        throw new LumenFailure('destination-exists', `${destination} already exists; nothing was ${action === 'copy' ? 'copied' : 'moved'}`);
      if (action === 'copy') await copyDurably(source, destination, partialPathFor(destination, operationId), sha256, info);
      else await this.move(operationId, source, destination, sha256, info);
      this.journal.setStatus(operationId, 'done');
      return undefined;
    } catch (error) {
      await this.rollBack(action, operationId);
      const failure = storageFailure(error, destination, { writing: true, keepWhere: true });
      if (failure) {
        const verb = action === 'copy' ? 'copied' : 'moved';
        throw new LumenFailure(
          failure.code,
          `${failure.message} ${progress.done} of ${progress.total} photo(s) were ${verb} before it stopped; undo takes them back.`,
        );
      }
      return describeFileOperationProblem(error, dirname(destination));
    }
  }

  /** On one volume a rename; across volumes a durable verified copy, then the source goes. */
  private async move(operationId: number, source: string, destination: string, sha256: string, info: Stats): Promise<void> {
    try {
      await renameWithoutReplacing(source, destination);
      await syncFolder(dirname(destination));
      await syncFolder(dirname(source));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    }
    await copyDurably(source, destination, partialPathFor(destination, operationId), sha256, info);
    this.journal.setStatus(operationId, 'copied');
    // The source goes only while identical bytes are safe at the destination.
    if ((await sha256OfFile(source)) !== sha256) throw new LumenFailure('source-changed', 'it changed while it was being moved; it was left where it is');
    await unlink(source);
    await syncFolder(dirname(source));
  }

  /** Puts back what a failed step began (a copy already in place, a temporary file) and settles it. */
  private async rollBack(action: FileAction, operationId: number): Promise<void> {
    const operation = this.journal.operation(operationId);
    if (!operation) return;
    this.journal.setStatus(operationId, 'undoing');
    try {
      await revertOperation(this.journal, action, operation);
      this.journal.setStatus(operationId, 'undone');
    } catch (error) {
      // Left 'undoing' in the journal: the next copy, move or undo finishes it.
      this.logger.warn(
        errorFields(error, { source: operation.source, destination: operation.destination }),
        'could not put back a failed copy or move at once; the next copy, move or undo finishes it',
      );
    }
  }
}

/** "move 3 photos into …" as the history says it: "Moved 3 photos into …". */
function pastTense(action: FileAction, description: string): string {
  const done = action === 'move' ? 'Moved' : 'Copied';
  return description.startsWith(`${action} `) ? `${done}${description.slice(action.length)}` : `${done}: ${description}`;
}
