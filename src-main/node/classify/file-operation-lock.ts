import { join } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { acquireProcessFileLock, releaseProcessFileLock } from '../library/process-file-lock';

/** Beside `lumen.db`; an empty SQLite file whose lock says that files are being copied, moved or put back. */
export const FILE_OPERATION_LOCK_NAME = 'file-operations.lock';

/**
 * One copy, move or undo at a time per library. Each run starts by cleaning up after a killed one
 * (half-written copies, a move between its steps); a second run doing that while the first is
 * mid-copy would delete the first one's work. Calls in this process wait their turn; another
 * process (the app and `lumen classify` at once) is refused with a sentence saying why.
 *
 * The cross-process lock is process-file-lock.ts's: the operating system drops it when the process
 * ends, even by SIGKILL.
 */
export class FileOperationLock {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly libraryDir: string) {}

  exclusively<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.holding(work));
    // The next turn waits for this one however it ends; its failure goes to this turn's caller.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async holding<T>(work: () => Promise<T>): Promise<T> {
    const busy = (): LumenFailure =>
      new LumenFailure(
        'files-busy',
        `another Lumen process is copying, moving or undoing files for this library (${this.libraryDir}) right now: the app, \`lumen serve\`, \`lumen classify\` or \`lumen undo\`. Let it finish, then try again.`,
      );
    const lock = acquireProcessFileLock(join(this.libraryDir, FILE_OPERATION_LOCK_NAME), 'the file operation lock', busy);
    try {
      return await work();
    } finally {
      releaseProcessFileLock(lock);
    }
  }
}
