import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { LumenFailure } from '../../../src-common/result';
import { checkLibraryFolderOwner } from './library-folder-owner';
import { checkLibraryStillThere, fileIdentity, type FileIdentity } from './library-presence';
import { readSchemaVersion, refuseNewerSchema, runMigrations, type MigrationOutcome } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { compactToLibraryPageSize, requestLibraryPageSize } from './page-size';
import { storageFailure } from './storage-failure';

export const DATABASE_FILE_NAME = 'lumen.db';

/** How long a statement waits for another process (app and CLI share a library) to release its lock. */
const BUSY_TIMEOUT_MS = 5000;

export interface LibraryDbOptions {
  /** Open for reading only: no folder is created and no migration runs. */
  readonly?: boolean;
}

/**
 * The library's SQLite database (`<libraryDir>/lumen.db`), opened in WAL mode with foreign keys on
 * and migrated to the latest schema. Repositories share its cached prepared statements.
 */
export class LibraryDb {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();
  private outermostTransactions = 0;
  /** The database file as opened; writes check that the path still names it (library-presence.ts). */
  private readonly openedFile: FileIdentity | null;

  private constructor(
    readonly dir: string,
    readonly path: string,
    readonly connection: Database.Database,
    /** What opening did to the schema; `fromVersion === toVersion` when nothing was pending. */
    readonly migration: MigrationOutcome,
  ) {
    this.openedFile = connection.readonly ? null : fileIdentity(path);
  }

  static open(libraryDir: string, options: LibraryDbOptions = {}): LibraryDb {
    const readonly = options.readonly ?? false;
    const path = join(libraryDir, DATABASE_FILE_NAME);
    if (readonly && !existsSync(path)) throw new LumenFailure('missing-library', `no library at ${libraryDir} (${path} does not exist)`);
    // A new library is its owner's alone: its database names every photo and its thumbnails show them.
    if (!readonly) mkdirSync(libraryDir, { recursive: true, mode: 0o700 });
    checkLibraryFolderOwner(libraryDir);

    const connection = openConnection(path, readonly);
    try {
      configure(connection, readonly);
      const migration = readonly ? checkReadableSchema(connection, path) : runMigrations(connection, path);
      if (!readonly) compactToLibraryPageSize(connection, path); // a library made before LIBRARY_PAGE_SIZE, once it can
      return new LibraryDb(libraryDir, path, connection, migration);
    } catch (error) {
      connection.close();
      throw asLibraryFailure(error, path, readonly);
    }
  }

  get readonly(): boolean {
    return this.connection.readonly;
  }

  get isOpen(): boolean {
    return this.connection.open;
  }

  get schemaVersion(): number {
    return readSchemaVersion(this.connection);
  }

  /**
   * A prepared statement, compiled once per connection and reused (SQLite re-prepares it after schema changes).
   * Run `INSERT/UPDATE … RETURNING` through `returnedRow`, never `.get()` (see there).
   */
  prepare<Params extends unknown[] = unknown[], Row = unknown>(sql: string): Database.Statement<Params, Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    // A write outside a transaction (inside one, the transaction checked when it began).
    if (!statement.readonly && !this.connection.inTransaction) this.checkStillThere();
    return statement as Database.Statement<Params, Row>;
  }

  /**
   * Runs `work` in a transaction (a savepoint when nested); it rolls back if `work` throws.
   * Outermost write transactions are BEGIN IMMEDIATE: they take the write lock first, waiting up to
   * the busy timeout for another process (the app beside `lumen index`). A deferred BEGIN would read
   * first and then fail at once with SQLITE_BUSY when another process wrote in between, since
   * SQLite cannot wait its way out of a stale read snapshot.
   */
  transaction<T>(work: () => T): T {
    if (!this.connection.inTransaction) {
      this.outermostTransactions++;
      this.checkStillThere();
    }
    const transaction = this.connection.transaction(work);
    return this.connection.readonly ? transaction() : transaction.immediate();
  }

  /**
   * Runs reads in one deferred transaction, so that they all see the library as of one moment even
   * while another process writes (outside a transaction, each statement sees the latest commit).
   */
  snapshot<T>(work: () => T): T {
    if (this.connection.inTransaction) return work();
    return this.connection.transaction(work).deferred();
  }

  /**
   * Identifies the current outermost transaction opened through `transaction()` (SQLite has no
   * transaction id); code that buffers until commit, like the sqlite-vss index, tells transactions apart by it.
   */
  get transactionSerial(): number {
    return this.outermostTransactions;
  }

  /** Throws `library-gone` when the library folder was deleted, moved or replaced since it was opened. */
  checkStillThere(): void {
    if (this.openedFile) checkLibraryStillThere(this.dir, this.path, this.openedFile);
  }

  close(): void {
    if (!this.connection.open) return;
    this.statements.clear();
    this.connection.close();
  }

  dispose(): void {
    this.close();
  }
}

function openConnection(path: string, readonly: boolean): Database.Database {
  try {
    return new Database(path, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw asLibraryFailure(error, path, readonly);
  }
}

function configure(connection: Database.Database, readonly: boolean): void {
  // WAL lets the app read while the CLI (or the indexer) writes; NORMAL sync is durable enough with WAL.
  if (!readonly) {
    requestLibraryPageSize(connection); // only a new, empty database takes it; see compactToLibraryPageSize
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
  }
  connection.pragma('foreign_keys = ON');
}

function checkReadableSchema(connection: Database.Database, path: string): MigrationOutcome {
  const version = readSchemaVersion(connection);
  refuseNewerSchema(version, LATEST_SCHEMA_VERSION, path);
  if (version < LATEST_SCHEMA_VERSION) {
    throw new LumenFailure(
      'library-needs-upgrade',
      `the library ${path} has schema version ${version} and needs upgrading to ${LATEST_SCHEMA_VERSION}; open it once without read-only mode`,
    );
  }
  return { fromVersion: version, toVersion: version, backupPath: null };
}

/**
 * SQLite's own errors become a failure the user can act on: not a database, cannot open; and, as
 * anywhere, a full or read-only disk or a library another process keeps locked (storage-failure.ts).
 */
function asLibraryFailure(error: unknown, path: string, readonly: boolean): unknown {
  if (error instanceof LumenFailure || !(error instanceof Database.SqliteError)) return error;
  if (error.code === 'SQLITE_NOTADB' || error.code === 'SQLITE_CORRUPT') {
    return new LumenFailure('library-unreadable', `${path} is not a readable Lumen library (${error.message})`);
  }
  // SQLite says only "unable to open database file" when a WAL library sits on a read-only disk.
  const cannotWrite = readonly ? undefined : whyNotWritable(path);
  if (cannotWrite && /^SQLITE_(CANTOPEN|READONLY|PERM)/.test(error.code)) {
    return new LumenFailure(
      'read-only',
      `Lumen cannot write the library database ${path}: ${cannotWrite} (${error.code}: ${error.message}). Make it writable, then try again.`,
    );
  }
  const storage = storageFailure(error, `the library database ${path}`);
  if (storage) return storage;
  if (error.code.startsWith('SQLITE_CANTOPEN') || error.code.startsWith('SQLITE_PERM')) {
    return new LumenFailure('library-unreadable', `cannot open ${path}: ${error.message}`);
  }
  return error;
}

/**
 * Why the library's file or its folder (where SQLite keeps the -wal and -shm files) cannot be
 * written, or undefined when both can (or it cannot be told).
 */
function whyNotWritable(path: string): string | undefined {
  for (const candidate of [path, dirname(path)]) {
    try {
      accessSync(candidate, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return `${candidate} is on a read-only disk or mount`;
      if (code === 'EACCES' || code === 'EPERM') return `this user may not write ${candidate}`;
    }
  }
  return undefined;
}

/**
 * The row an `INSERT/UPDATE … RETURNING` statement returns, read with `.all()`: outside a transaction
 * SQLite commits when the statement runs to its end, and `.get()` stops after the first row, so a
 * commit that fails (a full disk) would go unreported and `.get()` return a row that was never saved.
 */
export function returnedRow<Params extends unknown[], Row>(statement: Database.Statement<Params, Row>, ...params: Params): Row {
  const [row] = statement.all(...params);
  if (row === undefined) throw new Error('an INSERT … RETURNING statement returned no row');
  return row;
}
