import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LumenFailure } from '../../../src-common/result';
import { asStorageFailure } from '../library/storage-failure';

/** Beside `lumen.db`; an empty SQLite file whose lock says that files are being copied, moved or put back. */
export const FILE_OPERATION_LOCK_NAME = 'file-operations.lock';

/**
 * One copy, move or undo at a time per library. Each run starts by cleaning up after a killed one
 * (half-written copies, a move between its steps); a second run doing that while the first is
 * mid-copy would delete the first one's work. Calls in this process wait their turn; another
 * process (the app and `lumen classify` at once) is refused with a sentence saying why.
 *
 * The cross-process lock is SQLite's own lock on a separate small file, held by an open exclusive
 * transaction: the operating system drops it when the process ends, even by SIGKILL.
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
    const path = join(this.libraryDir, FILE_OPERATION_LOCK_NAME);
    let connection: Database.Database;
    try {
      connection = new Database(path, { timeout: 0 });
    } catch (error) {
      throw asStorageFailure(error, `the file operation lock ${path}`, { writing: true });
    }
    try {
      connection.pragma('journal_mode = MEMORY'); // nothing is ever written: no journal file beside it
      connection.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      connection.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        throw new LumenFailure(
          'files-busy',
          `another Lumen process is copying, moving or undoing files for this library (${this.libraryDir}) right now: the app, \`lumen serve\`, \`lumen classify\` or \`lumen undo\`. Let it finish, then try again.`,
        );
      }
      throw asStorageFailure(error, `the file operation lock ${path}`, { writing: true });
    }
    try {
      return await work();
    } finally {
      if (connection.inTransaction) connection.exec('ROLLBACK');
      connection.close();
    }
  }
}
