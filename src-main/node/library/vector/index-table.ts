import { LumenFailure } from '../../../../src-common/result';
import type { LibraryDb } from '../library-db';

/** One index table per image tower and backend, e.g. `vss_tower_3`; the row id keeps the identifier safe to splice into SQL. */
export function towerTableName(prefix: 'vss_tower' | 'vec_tower' | 'ivf_tower', towerRowId: number): string {
  if (!Number.isSafeInteger(towerRowId) || towerRowId <= 0)
    throw new LumenFailure('bad-argument', `image tower row id ${towerRowId} is not a positive integer`);
  return `${prefix}_${towerRowId}`;
}

export function tableExists(db: LibraryDb, table: string): boolean {
  return db.prepare<[string], number>("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) === 1;
}

/** The dimension an existing index table was created with, read back from its CREATE statement. */
export function declaredDim(db: LibraryDb, table: string, dimPattern: RegExp): number | undefined {
  const sql = db.prepare<[string], string>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table);
  if (sql === undefined) return undefined;
  const match = dimPattern.exec(sql);
  if (!match?.[1]) throw new LumenFailure('vector-index-unreadable', `cannot read the dimension of ${table} from: ${sql}`);
  return Number(match[1]);
}

/** An index table is per tower, and a tower's dimension never changes: a mismatch means the caller mixed up towers. */
export function assertDeclaredDim(table: string, declared: number, dim: number): void {
  if (declared !== dim) {
    throw new LumenFailure('vector-dimension-mismatch', `${table} holds ${declared}-dimensional vectors, but ${dim} were asked for`);
  }
}
