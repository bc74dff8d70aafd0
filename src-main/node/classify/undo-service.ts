import { unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UndoResponse } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import { collisionSafeDestination } from './collision-safe-name';
import { sha256OfFile } from './file-hash';
import type { FileJournal, JournalOperation } from './file-journal';
import { moveFile, pathExists } from './file-mover';

/**
 * Puts the files of the last copy or move batch back. Nothing is deleted that the journal cannot
 * prove is Lumen's own unchanged copy; a file changed since, or a source path taken by a new file,
 * is kept and reported rather than overwritten.
 */
export class UndoService {
  constructor(private readonly journal: FileJournal) {}

  async undoLast(): Promise<UndoResponse> {
    const batch = this.journal.lastOpenBatch();
    if (!batch) throw new LumenFailure('nothing-to-undo', 'there is no copy or move to undo');
    const response: UndoResponse = { batchId: batch.id, action: batch.action, description: batch.description, restored: [], kept: [] };
    // Newest first, so chains (a file moved twice in one batch) unwind in order.
    for (const operation of this.journal.operations(batch.id).reverse()) {
      if (operation.status === 'undone') continue;
      await this.undoOne(batch.action, operation, response);
      this.journal.setStatus(operation.id, 'undone');
    }
    this.journal.markBatchUndone(batch.id);
    return response;
  }

  private async undoOne(action: 'copy' | 'move', operation: JournalOperation, response: UndoResponse): Promise<void> {
    const { source, destination, sha256 } = operation;
    if (!(await pathExists(destination))) {
      // A 'planned' operation never touched the file (a copy that failed on a full disk), or the user removed it since.
      if (operation.status === 'planned') return;
      response.kept.push({ path: destination, reason: 'no longer there' });
      return;
    }
    const unchanged = (await sha256OfFile(destination)) === sha256;
    if (action === 'copy') {
      if (!unchanged) {
        response.kept.push({ path: destination, reason: 'changed since it was copied' });
        return;
      }
      await unlink(destination);
      response.restored.push({ from: destination, to: null });
      return;
    }
    // A move: the file goes back to where it was, or next to it when that name is taken now.
    const target = (await pathExists(source)) ? collisionSafeDestination(dirname(source), source, new Set()) : source;
    await moveFile(destination, target, sha256);
    response.restored.push({ from: destination, to: target });
  }
}
