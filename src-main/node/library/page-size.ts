import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * SQLite page size of a Lumen library. An embedding row (a 512-d float32 vector is 2 KB, plus its
 * keys) is just over half of SQLite's default 4 KB page, so each took a page of its own and the
 * embeddings table cost 2.0 × the raw vectors. With 32 KB pages 15 such rows share a page: 1.07 ×
 * (768-d: 1.07 ×). 64 KB pages would give 1.03 × but make every point read (re-scoring a search's
 * candidates) copy twice as much. Measured in docs/BENCHMARKS.md.
 */
export const LIBRARY_PAGE_SIZE = 32_768;

/** Sets the page size a new database is created with; it must run before the first table and before WAL mode. */
export function requestLibraryPageSize(connection: Database.Database): void {
  connection.pragma(`page_size = ${LIBRARY_PAGE_SIZE}`);
}

export type CompactOutcome = 'unchanged' | 'compacted' | 'busy' | 'no-space' | 'failed';

/**
 * Rewrites a library made with smaller pages into `LIBRARY_PAGE_SIZE` pages (VACUUM), which also
 * gives back to the file system the space of tables dropped by upgrades (the IVF index's float32
 * copies). SQLite cannot change the page size of a WAL database, and leaving WAL mode needs the
 * library to itself: while another connection has it open, or without room for the rewrite (twice
 * the file), it does nothing and the next open tries again. A failed VACUUM leaves the library as it
 * was. Never throws for those reasons; other errors (a closed connection) do.
 */
export function compactToLibraryPageSize(connection: Database.Database, databasePath: string): CompactOutcome {
  if (pageSize(connection) >= LIBRARY_PAGE_SIZE) return 'unchanged';
  if (!hasRoomToRewrite(databasePath)) return 'no-space';
  const busyTimeout = connection.pragma('busy_timeout', { simple: true }) as number;
  connection.pragma('busy_timeout = 0'); // fail at once rather than wait for another process: the next open retries
  try {
    if (!trySqlite(() => connection.pragma('journal_mode = DELETE', { simple: true }) === 'delete')) return 'busy';
    let vacuumed = false;
    try {
      requestLibraryPageSize(connection);
      vacuumed = trySqlite(() => {
        connection.exec('VACUUM');
        return true;
      });
    } finally {
      // Back to WAL, waiting for a process that connected meanwhile; if even that fails, the next open sets it.
      connection.pragma(`busy_timeout = ${busyTimeout}`);
      trySqlite(() => connection.pragma('journal_mode = WAL', { simple: true }) === 'wal');
    }
    if (!vacuumed) return 'failed';
    // Another process may have put the library back into WAL mode between our statements; then VACUUM kept the old size.
    return pageSize(connection) >= LIBRARY_PAGE_SIZE ? 'compacted' : 'busy';
  } finally {
    connection.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

function pageSize(connection: Database.Database): number {
  return connection.pragma('page_size', { simple: true }) as number;
}

/** VACUUM writes a new copy of the database and journals the old one: up to twice the file. */
function hasRoomToRewrite(databasePath: string): boolean {
  try {
    const { bavail, bsize } = statfsSync(dirname(databasePath));
    return bavail * bsize > 2 * statSync(databasePath).size;
  } catch {
    return false;
  }
}

/** Runs `work`; SQLite's own refusals (busy, locked, full disk, I/O errors) come back as false. */
function trySqlite(work: () => boolean): boolean {
  try {
    return work();
  } catch (error) {
    if (error instanceof Database.SqliteError) return false;
    throw error;
  }
}
