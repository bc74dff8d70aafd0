import { randomBytes } from 'node:crypto';
import type { LibraryDb } from '../../library-db';
import { tableExists } from '../index-table';
import { IvfIndex } from '../ivf/ivf-index';
import { loadVectorExtension } from '../load-vector-extension';
import { VecIndex } from '../vec-index';

/** The layout a background rebuild makes: IVF (a switch from exact, or retrained centroids) or exact. */
export type RebuildTarget = 'vec-exact' | 'ivf';

/**
 * Book-keeping of background rebuilds, all in the library itself so that it survives a crash:
 * - `vector_index_rebuilds`: one row per tower being rebuilt: which process owns it, the token
 *   naming its temporary tables, and the target layout;
 * - `vector_index_rebuild_changes`: photos whose embedding changed since the rebuild started,
 *   written by triggers on `embeddings` (so writes from any connection or process, including
 *   cascaded deletes, are caught) and applied to the new index when it is swapped in.
 * Both are declared by migration 5 (and created here if missing); a rebuild's row, triggers and
 * logged changes go in one transaction.
 */
const STATE_TABLE = 'vector_index_rebuilds';
const CHANGES_TABLE = 'vector_index_rebuild_changes';

export interface RebuildRecord {
  towerRowId: number;
  ownerPid: number;
  token: string;
  target: RebuildTarget;
}

/** Rebuilds running in this process, by `<db path>#<tower>#<token>`: a record naming this pid but missing here is a leftover. */
const runningHere = new Set<string>();

function runningKey(db: LibraryDb, towerRowId: number, token: string): string {
  return `${db.path}#${towerRowId}#${token}`;
}

export function newRebuildToken(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** Where a background IVF build writes before the swap renames its tables into place. */
export function ivfRebuildTable(towerRowId: number, token: string): string {
  if (!/^[a-z0-9]+$/.test(token)) throw new Error(`bad rebuild token ${token}`);
  return `${IvfIndex.tableName(towerRowId)}_rebuild_${token}`;
}

function triggerName(towerRowId: number, event: 'insert' | 'update' | 'delete'): string {
  return `vector_rebuild_${towerRowId}_${event}`;
}

export function readRebuildRecord(db: LibraryDb, towerRowId: number): RebuildRecord | undefined {
  if (!tableExists(db, STATE_TABLE)) return undefined;
  const row = db
    .prepare<[number], { ownerPid: number; token: string; target: RebuildTarget }>(
      `SELECT owner_pid AS ownerPid, token, target FROM ${STATE_TABLE} WHERE tower_row_id = ?`,
    )
    .get(towerRowId);
  return row ? { towerRowId, ...row } : undefined;
}

/** Records the rebuild and starts logging changes, in one transaction: every later write to the tower's embeddings is logged. */
export function beginRebuildRecord(db: LibraryDb, towerRowId: number, target: RebuildTarget, token: string): void {
  const n = towerRowId;
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`bad tower row id ${n}`);
  // Not INSERT OR IGNORE: a trigger's conflict clause yields to the firing statement's (embeddings are written with upserts).
  const log = (photo: 'NEW' | 'OLD') =>
    `INSERT INTO ${CHANGES_TABLE} (tower_row_id, photo_id) SELECT ${n}, ${photo}.photo_id WHERE NOT EXISTS (SELECT 1 FROM ${CHANGES_TABLE} WHERE tower_row_id = ${n} AND photo_id = ${photo}.photo_id);`;
  db.transaction(() => {
    db.connection.exec(`
      CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (tower_row_id INTEGER PRIMARY KEY, owner_pid INTEGER NOT NULL, token TEXT NOT NULL, target TEXT NOT NULL, started_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ${CHANGES_TABLE} (tower_row_id INTEGER NOT NULL, photo_id INTEGER NOT NULL, PRIMARY KEY (tower_row_id, photo_id)) WITHOUT ROWID;
      CREATE TRIGGER IF NOT EXISTS ${triggerName(n, 'insert')} AFTER INSERT ON embeddings WHEN NEW.tower_row_id = ${n} BEGIN ${log('NEW')} END;
      CREATE TRIGGER IF NOT EXISTS ${triggerName(n, 'update')} AFTER UPDATE ON embeddings WHEN OLD.tower_row_id = ${n} OR NEW.tower_row_id = ${n} BEGIN ${log('OLD')} ${log('NEW')} END;
      CREATE TRIGGER IF NOT EXISTS ${triggerName(n, 'delete')} AFTER DELETE ON embeddings WHEN OLD.tower_row_id = ${n} BEGIN ${log('OLD')} END;`);
    db.prepare<[number]>(`DELETE FROM ${CHANGES_TABLE} WHERE tower_row_id = ?`).run(n);
    db.prepare<[number, number, string, RebuildTarget]>(
      `INSERT OR REPLACE INTO ${STATE_TABLE} (tower_row_id, owner_pid, token, target, started_at) VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    ).run(n, process.pid, token, target);
  });
  runningHere.add(runningKey(db, n, token));
}

/** This process no longer runs that rebuild (it settled, whether or not its leftovers could be dropped). */
export function forgetRunningRebuild(db: LibraryDb, towerRowId: number, token: string): void {
  runningHere.delete(runningKey(db, towerRowId, token));
}

/** Logs photos written through the index itself (the swap re-reads them from `embeddings`, the source of truth). */
export function logChangedPhotos(db: LibraryDb, towerRowId: number, photoIds: Iterable<number>): void {
  const insert = db.prepare<[number, number]>(`INSERT OR IGNORE INTO ${CHANGES_TABLE} (tower_row_id, photo_id) VALUES (?, ?)`);
  db.transaction(() => {
    for (const photoId of photoIds) insert.run(towerRowId, photoId);
  });
}

export function changedPhotoIds(db: LibraryDb, towerRowId: number): number[] {
  return db.prepare<[number], number>(`SELECT photo_id FROM ${CHANGES_TABLE} WHERE tower_row_id = ? ORDER BY photo_id`).pluck().all(towerRowId);
}

/** Stops logging and forgets the rebuild (the caller's transaction also swaps or drops its tables). */
export function endRebuildRecord(db: LibraryDb, towerRowId: number): void {
  const record = readRebuildRecord(db, towerRowId);
  if (record) runningHere.delete(runningKey(db, towerRowId, record.token));
  for (const event of ['insert', 'update', 'delete'] as const) db.connection.exec(`DROP TRIGGER IF EXISTS ${triggerName(towerRowId, event)}`);
  if (tableExists(db, CHANGES_TABLE)) db.prepare<[number]>(`DELETE FROM ${CHANGES_TABLE} WHERE tower_row_id = ?`).run(towerRowId);
  if (tableExists(db, STATE_TABLE)) db.prepare<[number]>(`DELETE FROM ${STATE_TABLE} WHERE tower_row_id = ?`).run(towerRowId);
}

/** Whether some live process (this one included) is running the recorded rebuild. */
export function isRebuildAlive(db: LibraryDb, record: RebuildRecord): boolean {
  if (record.ownerPid === process.pid) return runningHere.has(runningKey(db, record.towerRowId, record.token));
  try {
    process.kill(record.ownerPid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what an unfinished rebuild left: its temporary IVF tables, an exact table built for a
 * switch back from IVF (it is only live once the IVF tables are gone), triggers, logged changes and
 * its record. The index in use is never touched: a rebuild only becomes live in its swap transaction.
 */
export function dropRebuildLeftovers(db: LibraryDb, towerRowId: number): void {
  const record = readRebuildRecord(db, towerRowId);
  db.transaction(() => {
    for (const name of leftoverTables(db, towerRowId)) db.connection.exec(`DROP TABLE IF EXISTS "${name}"`); // their SQL indexes go with them
    if (record?.target === 'vec-exact' && tableExists(db, IvfIndex.tableName(towerRowId)) && tableExists(db, VecIndex.tableName(towerRowId))) {
      loadVectorExtension(db.connection, 'vec'); // dropping a vec0 table needs its module
      db.connection.exec(`DROP TABLE "${VecIndex.tableName(towerRowId)}"`);
    }
    endRebuildRecord(db, towerRowId);
  });
}

/** Drops leftovers of a rebuild whose owner is gone (a crash, a kill); one still running elsewhere is left alone. */
export function recoverAbandonedRebuild(db: LibraryDb, towerRowId: number): void {
  const record = readRebuildRecord(db, towerRowId);
  if (record && isRebuildAlive(db, record)) return;
  if (!record && leftoverTables(db, towerRowId).length === 0 && !hasTriggers(db, towerRowId)) return;
  dropRebuildLeftovers(db, towerRowId);
}

function leftoverTables(db: LibraryDb, towerRowId: number): string[] {
  const prefix = `${IvfIndex.tableName(towerRowId)}_rebuild_`;
  return db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'")
    .pluck()
    .all()
    .filter((name) => name.startsWith(prefix));
}

function hasTriggers(db: LibraryDb, towerRowId: number): boolean {
  return db.prepare<[string], number>("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?").pluck().get(triggerName(towerRowId, 'insert')) === 1;
}
