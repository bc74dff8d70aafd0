import { dirname } from 'node:path';
import type { UndoResponse } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import { storageFailure } from '../library/storage-failure';
import type { FileJournal, JournalBatch } from './file-journal';
import { describeFileOperationProblem } from './file-operation-problem';
import { revertOperation } from './operation-revert';

/**
 * Puts the files of the last copy or move batch back, crash-safe and resumable: each file is
 * journaled `undoing` before it is touched, moved back through a verified temporary copy (or a
 * rename on one volume), and `undone` after; a killed undo, run again, carries on where it
 * stopped. Nothing is deleted unless identical bytes sit at the other end, and nothing is moved
 * whose bytes are not the ones the journal recorded: a file changed since, or a journal row that
 * no longer matches the disk, is reported and left alone.
 */
export class UndoService {
  constructor(private readonly journal: FileJournal) {}

  undoLast(): Promise<UndoResponse> {
    return this.undo(() => this.journal.lastOpenBatch());
  }

  /** Puts back the files of one batch (the history's undo of a copy or move). */
  undoBatch(batchId: number): Promise<UndoResponse> {
    return this.undo(() => {
      const batch = this.journal.getBatch(batchId);
      return batch?.undoneAt === null ? batch : undefined;
    });
  }

  private undo(find: () => JournalBatch | undefined): Promise<UndoResponse> {
    return this.journal.lock.exclusively(async () => {
      const batch = find();
      if (!batch) throw new LumenFailure('nothing-to-undo', 'there is no copy or move to undo');
      const response: UndoResponse = { batchId: batch.id, action: batch.action, description: batch.description, restored: [], kept: [] };
      // Newest first, so chains (a file moved twice in one batch) unwind in order.
      const operations = this.journal.operations(batch.id).reverse();
      for (const operation of operations) {
        if (operation.status === 'undone') continue;
        if (operation.status !== 'undoing') this.journal.setStatus(operation.id, 'undoing');
        try {
          const outcome = await revertOperation(this.journal, batch.action, operation);
          if (outcome.kind === 'restored') response.restored.push({ from: outcome.from, to: outcome.to });
          if (outcome.kind === 'kept') response.kept.push({ path: outcome.path, reason: outcome.reason });
        } catch (error) {
          const failure = storageFailure(error, operation.source, { writing: true });
          if (failure) {
            const left = operations.filter((o) => this.journal.operation(o.id)?.status !== 'undone').length;
            throw new LumenFailure(
              failure.code,
              `${failure.message} ${left} file(s) of this batch are not put back yet; run \`lumen undo\` again once this is fixed.`,
            );
          }
          response.kept.push({ path: operation.destination, reason: describeFileOperationProblem(error, dirname(operation.source)) });
        }
        this.journal.setStatus(operation.id, 'undone');
      }
      this.journal.markBatchUndone(batch.id);
      return response;
    });
  }
}
