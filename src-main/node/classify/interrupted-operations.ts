import { storageFailure } from '../library/storage-failure';
import type { FileJournal } from './file-journal';
import { revertOperation } from './operation-revert';

/**
 * Cleans up after a copy, move or undo killed part way (a crash, a power cut, SIGKILL): each file
 * it left between two steps is rolled back to where it was before (its temporary copy removed, a
 * copy whose original is intact deleted, a half-undone move finished), and batches left with
 * nothing done are closed so that `lumen undo` goes to the last batch that did something.
 * Runs under the journal's lock at the start of every copy and move.
 */
export async function recoverInterruptedOperations(journal: FileJournal): Promise<void> {
  for (const operation of journal.unfinishedOperations()) {
    if (operation.status !== 'undoing') journal.setStatus(operation.id, 'undoing');
    try {
      await revertOperation(journal, operation.action, operation);
    } catch (error) {
      // A full or read-only disk stops everything; anything else stays journaled for `lumen undo` to report.
      const failure = storageFailure(error, operation.destination, { writing: true });
      if (failure) throw failure;
      continue;
    }
    journal.setStatus(operation.id, 'undone');
  }
  journal.closeBatchesWithNothingDone();
}
