import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { LumenFailure } from '../../../src-common/result';
import { MIGRATIONS, type Migration } from './migrations';

export interface MigrationOutcome {
  fromVersion: number;
  toVersion: number;
  /** Copy of the database taken before upgrading it; null when nothing needed upgrading or it was empty. */
  backupPath: string | null;
}

export function readSchemaVersion(connection: Database.Database): number {
  return connection.pragma('user_version', { simple: true }) as number;
}

/** A newer Lumen wrote this library; an older one must not guess at a schema it does not know. */
export function refuseNewerSchema(version: number, latest: number, databasePath: string): void {
  if (version > latest) {
    throw new LumenFailure(
      'library-too-new',
      `the library ${databasePath} has schema version ${version}, but this Lumen only knows up to ${latest}; update Lumen to open it`,
    );
  }
}

/**
 * Brings the database to the latest schema: one transaction per migration, `user_version` bumped
 * inside it. A non-empty database is first copied to `<db>.bak-v<N>` so an upgrade gone wrong
 * (a bug in a migration, not a crash: those roll back) can still be undone by hand.
 */
export function runMigrations(connection: Database.Database, databasePath: string, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  assertContiguous(migrations);
  const fromVersion = readSchemaVersion(connection);
  const latest = migrations.length;
  refuseNewerSchema(fromVersion, latest, databasePath);
  if (fromVersion === latest) return { fromVersion, toVersion: latest, backupPath: null };

  const backupPath = hasContent(connection, fromVersion) ? backUp(connection, `${databasePath}.bak-v${fromVersion}`) : null;
  for (const migration of migrations.slice(fromVersion)) {
    // IMMEDIATE, and the version read again inside: two processes opening a new library at once (the
    // app and `lumen index`) both saw version 0 above, and the second must skip what the first did.
    connection
      .transaction(() => {
        if (readSchemaVersion(connection) >= migration.version) return;
        migration.up(connection);
        connection.pragma(`user_version = ${migration.version}`);
      })
      .immediate();
  }
  return { fromVersion, toVersion: latest, backupPath };
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version} at position ${index + 1}`);
    }
  });
}

function hasContent(connection: Database.Database, version: number): boolean {
  if (version > 0) return true;
  return (connection.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number) > 0;
}

/** VACUUM INTO, unlike copying the file, includes what still sits in the WAL and needs no extension loaded. */
function backUp(connection: Database.Database, backupPath: string): string {
  rmSync(backupPath, { force: true }); // VACUUM INTO refuses an existing file; an older copy of the same version is redundant
  connection.prepare('VACUUM INTO ?').run(backupPath);
  return backupPath;
}
