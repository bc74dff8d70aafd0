import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LumenFailure } from '../../../src-common/result';
import { asStorageFailure } from './storage-failure';

/**
 * A lock between processes that no crash leaves behind: SQLite's own lock on a small empty file,
 * held by an open exclusive transaction. The operating system drops it when the process ends,
 * however it ends (even SIGKILL), so there is no stale lock file to clean up by hand. Connections in
 * one process exclude each other too. Returns the connection that holds it (`releaseProcessFileLock`).
 *
 * `what` names the lock in messages; `busy` is the failure when another holder has it.
 */
export function acquireProcessFileLock(path: string, what: string, busy: () => LumenFailure): Database.Database {
  let connection: Database.Database;
  try {
    connection = new Database(path, { timeout: 0 });
  } catch (error) {
    // SQLite says only "unable to open database file" when the folder cannot be written.
    throw asStorageFailure(folderWriteError(dirname(path)) ?? error, `${what} ${path}`, { writing: true });
  }
  try {
    connection.pragma('journal_mode = MEMORY'); // nothing is ever written: no journal file beside it
    connection.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    connection.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw busy();
    throw asStorageFailure(error, `${what} ${path}`, { writing: true });
  }
  return connection;
}

export function releaseProcessFileLock(connection: Database.Database): void {
  if (!connection.open) return;
  try {
    if (connection.inTransaction) connection.exec('ROLLBACK');
  } finally {
    connection.close();
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
