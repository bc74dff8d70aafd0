import type Database from 'better-sqlite3';

/**
 * One step of the schema. `up` runs inside a transaction together with the `user_version` bump,
 * so a failed step leaves the database exactly as it was. Released migrations are never edited:
 * a change to the schema is a new numbered file.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(connection: Database.Database): void;
}
