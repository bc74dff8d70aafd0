import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LumenFailure } from '../../../src-common/result';
import { asStorageFailure } from '../library/storage-failure';

/** Beside `lumen.db`; an empty SQLite file whose lock says that a run is going on. */
export const INDEX_LOCK_FILE_NAME = 'indexing.lock';

/**
 * One indexing run per library at a time, across processes (the app, `lumen index`, `lumen serve`).
 *
 * Why refuse a second run rather than let both write: SQLite would keep each write whole, but two
 * runs over the same folders embed every new photo twice, and a run ends by removing the photos its
 * own scan did not see, so it could remove photos the other run had just added from files that
 * appeared after its scan. Waiting is no better: a first run of a large library takes hours. So the
 * second run stops at once and says why.
 *
 * The lock is SQLite's own file lock on a separate small file, held by an open exclusive
 * transaction: the operating system drops it when the process ends, however it ends (even
 * SIGKILL), so there is no stale lock file to clean up by hand. Connections in one process exclude
 * each other too.
 */
export class IndexRunLock {
  private constructor(private readonly connection: Database.Database) {}

  static acquire(libraryDir: string): IndexRunLock {
    const path = join(libraryDir, INDEX_LOCK_FILE_NAME);
    let connection: Database.Database;
    try {
      connection = new Database(path, { timeout: 0 });
    } catch (error) {
      // SQLite says only "unable to open database file" when the folder cannot be written.
      throw asStorageFailure(folderWriteError(libraryDir) ?? error, `the indexing lock ${path}`, { writing: true });
    }
    try {
      connection.pragma('journal_mode = MEMORY'); // nothing is ever written: no journal file beside it
      connection.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      connection.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        throw new LumenFailure(
          'indexing-elsewhere',
          `another Lumen run is indexing this library (${libraryDir}) right now: the app, \`lumen index\` or \`lumen serve\`. Let it finish or stop it, then index again.`,
        );
      }
      throw asStorageFailure(error, `the indexing lock ${path}`, { writing: true });
    }
    return new IndexRunLock(connection);
  }

  release(): void {
    if (!this.connection.open) return;
    try {
      if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
    } finally {
      this.connection.close();
    }
  }
}

/** The error that writing in `dir` gives (read-only disk, no permission), or undefined when it can be written. */
function folderWriteError(dir: string): unknown {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return error;
  }
}
