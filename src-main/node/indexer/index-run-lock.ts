import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { LumenFailure } from '../../../src-common/result';
import { acquireProcessFileLock, releaseProcessFileLock } from '../library/process-file-lock';

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
 * The lock is process-file-lock.ts's: the operating system drops it when the process ends, even by SIGKILL.
 */
export class IndexRunLock {
  private constructor(private readonly connection: Database.Database) {}

  static acquire(libraryDir: string): IndexRunLock {
    const busy = (): LumenFailure =>
      new LumenFailure(
        'indexing-elsewhere',
        `another Lumen run is indexing this library (${libraryDir}) right now: the app, \`lumen index\` or \`lumen serve\`. Let it finish or stop it, then index again.`,
      );
    return new IndexRunLock(acquireProcessFileLock(join(libraryDir, INDEX_LOCK_FILE_NAME), 'the indexing lock', busy));
  }

  release(): void {
    releaseProcessFileLock(this.connection);
  }
}
