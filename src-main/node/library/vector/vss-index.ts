import { LumenFailure } from '../../../../src-common/result';
import type { LibraryDb } from '../library-db';
import { float32ToBlob } from '../vector-blob';
import { assertDeclaredDim, declaredDim, towerTableName } from './index-table';
import { hitFromSquaredDistance, hitLimit, toUnitVector, unitVectorsByPhoto } from './unit-vector';
import { embeddingsSource, exactSearchAmong } from './exact-search';
import type { VectorHit, VectorIndex, VectorItem, VectorItems, VectorSearchOptions } from './vector-index';

/** Above this many vectors the open-time integrity check (a search for every row) costs more than it saves; see `isIntact`. */
const INTACT_CHECK_LIMIT = 50_000;

const DIM_IN_CREATE_SQL = /vss0\s*\(\s*embedding\s*\(\s*(\d+)\s*\)/i;

/**
 * sqlite-vss backend: a `vss0` table per image tower (faiss `Flat,IDMap2`, exact search), rowid =
 * photo id. sqlite-vss quirks this class works around:
 * - faiss keeps the index in memory per connection, loaded when the table is first touched, and
 *   writes the WHOLE index back at every commit. A connection therefore never sees another's
 *   commits, and its next write would silently overwrite them. Before each operation we compare
 *   `PRAGMA data_version` and, if another connection committed, reload the vtab
 *   (`PRAGMA writable_schema = RESET` makes SQLite reconnect every vtab of the connection from its
 *   stored state; so keep to one sqlite-vss tower per transaction).
 * - inserts and deletes are buffered and only reach faiss at commit: a search inside the writing
 *   transaction would not see them (and would abort the process on an index that was empty), so it
 *   is refused. Transactions are told apart by `LibraryDb.transactionSerial`: open them through `LibraryDb.transaction`.
 * - searching an empty faiss index aborts the whole process (uncaught C++ exception): never search at count 0.
 * - a vector of the wrong length is accepted and corrupts the index: dimensions are checked here first.
 * - UPDATE is unsupported and deletes are applied before inserts at commit, so the same photo must
 *   not be written twice in one transaction (`upsert` keeps one vector per photo per call).
 * - no savepoint support: a rolled-back savepoint leaves its inserts in faiss. `openVectorIndex`
 *   notices the damage (`isIntact`) and rebuilds.
 */
export class VssIndex implements VectorIndex {
  readonly backend = 'vss';
  readonly kind = 'vss-flat';
  private seenDataVersion: number;
  /** Serial of the transaction this object last wrote in; while it is open, faiss holds those writes only in its buffer. */
  private writeTransaction: number | undefined;
  private disposed = false;

  private constructor(
    private readonly db: LibraryDb,
    private readonly towerRowId: number,
    readonly table: string,
    readonly dim: number,
  ) {
    this.seenDataVersion = this.dataVersion();
  }

  static tableName(towerRowId: number): string {
    return towerTableName('vss_tower', towerRowId);
  }

  /** Opens the tower's index table, creating it if missing; `created` tells the caller to fill it. */
  static open(db: LibraryDb, towerRowId: number, dim: number): { index: VssIndex; created: boolean } {
    const table = VssIndex.tableName(towerRowId);
    const existingDim = declaredDim(db, table, DIM_IN_CREATE_SQL);
    if (existingDim !== undefined) assertDeclaredDim(table, existingDim, dim);
    else db.connection.exec(createTableSql(table, dim));
    const index = new VssIndex(db, towerRowId, table, dim);
    // Another object on this connection may have loaded this table's faiss index earlier: start from what is stored.
    if (existingDim !== undefined) index.reloadFromStorage();
    return { index, created: existingDim === undefined };
  }

  upsert(items: ReadonlyArray<VectorItem>): void {
    this.beginOperation();
    const vectors = unitVectorsByPhoto(items, this.dim);
    if (vectors.size === 0) return;
    this.db.transaction(() => {
      this.deleteRows([...vectors.keys()]);
      const insert = this.db.prepare<[number, Buffer]>(`INSERT INTO "${this.table}" (rowid, embedding) VALUES (?, ?)`);
      for (const [photoId, vector] of vectors) insert.run(photoId, float32ToBlob(vector));
    });
    this.noteWrite();
  }

  remove(photoIds: readonly number[]): void {
    this.beginOperation();
    if (photoIds.length === 0) return;
    this.db.transaction(() => this.deleteRows(photoIds));
    this.noteWrite();
  }

  /** A filtered search scores the candidates' stored embeddings exactly: faiss cannot restrict a search to ids. */
  search(query: Float32Array, limit: number, options: VectorSearchOptions = {}): VectorHit[] {
    this.beginOperation();
    const unitQuery = toUnitVector(query, this.dim, 'the query vector');
    if (this.hasPendingWrites()) {
      throw new LumenFailure('vector-index-uncommitted', 'sqlite-vss applies writes only when their transaction commits; search after it ends');
    }
    if (options.amongPhotoIds)
      return exactSearchAmong(this.db, embeddingsSource(this.towerRowId), unitQuery, options.amongPhotoIds, hitLimit(limit, options.amongPhotoIds.size));
    const stored = this.count();
    const k = hitLimit(limit, stored);
    if (k === 0) return [];
    return this.db
      .prepare<[Buffer, number], { rowid: number; distance: number }>(
        `SELECT rowid, distance FROM "${this.table}" WHERE vss_search(embedding, vss_search_params(?, ?))`,
      )
      .all(float32ToBlob(unitQuery), k)
      .map((row) => hitFromSquaredDistance(row.rowid, row.distance)); // faiss reports squared L2
  }

  /** Counts the rows SQL knows of (`_data`), which matches faiss whenever no write is pending. */
  count(): number {
    this.beginOperation();
    return this.db.prepare<[], number>(`SELECT count(*) FROM "${this.table}_data"`).pluck().get() as number;
  }

  rebuildFrom(embeddings: VectorItems): void {
    this.beginOperation();
    this.db.transaction(() => {
      // A fresh table also discards any faiss entries that SQL no longer knows of.
      this.db.connection.exec(`DROP TABLE "${this.table}"; ${createTableSql(this.table, this.dim)}`);
      const insert = this.db.prepare<[number, Buffer]>(`INSERT INTO "${this.table}" (rowid, embedding) VALUES (?, ?)`);
      for (const { photoId, vector } of embeddings()) {
        insert.run(photoId, float32ToBlob(toUnitVector(vector, this.dim, `the vector of photo ${photoId}`)));
      }
    });
    this.noteWrite();
  }

  /**
   * Whether faiss holds exactly the rows SQL knows of. Only misuse (a rolled-back savepoint, a photo
   * written twice in one transaction) breaks this. The check is a search returning every row: cheap
   * on a small Flat index, but linear in rows and bytes returned, so above INTACT_CHECK_LIMIT rows it
   * is skipped to keep opening fast (a damaged large index is then only repaired by a backend switch or rebuild).
   */
  isIntact(): boolean {
    const stored = this.count();
    if (stored === 0 || stored > INTACT_CHECK_LIMIT || this.hasPendingWrites()) return true; // nothing to search (empty faiss aborts), or not yet applied
    const found = this.db
      .prepare<[Buffer, number], number>(`SELECT count(*) FROM "${this.table}" WHERE vss_search(embedding, vss_search_params(?, ?))`)
      .pluck()
      .get(float32ToBlob(new Float32Array(this.dim)), stored + 1);
    return found === stored;
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Deletes go through the vtab, which scans all rowids per statement (it has no rowid lookup): one statement, only for rows that exist. */
  private deleteRows(photoIds: readonly number[]): void {
    const ids = JSON.stringify(photoIds);
    const present = this.db
      .prepare<[string], number>(`SELECT count(*) FROM "${this.table}_data" WHERE rowid IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(ids);
    if (present === 0) return;
    this.db.prepare<[string]>(`DELETE FROM "${this.table}" WHERE rowid IN (SELECT value FROM json_each(?))`).run(ids);
  }

  private beginOperation(): void {
    if (this.disposed) throw new Error(`the sqlite-vss index ${this.table} was disposed`);
    if (this.hasPendingWrites()) return; // our buffered writes live in the connected vtab: reloading would drop them
    if (this.dataVersion() !== this.seenDataVersion) this.reloadFromStorage();
  }

  private reloadFromStorage(): void {
    this.db.connection.pragma('writable_schema = RESET');
    this.seenDataVersion = this.dataVersion();
  }

  private noteWrite(): void {
    this.writeTransaction = this.db.connection.inTransaction ? this.db.transactionSerial : undefined;
  }

  private hasPendingWrites(): boolean {
    return this.db.connection.inTransaction && this.writeTransaction === this.db.transactionSerial;
  }

  /** Changes when another connection commits (not this one), which is exactly when faiss may be stale. */
  private dataVersion(): number {
    return this.db.connection.pragma('data_version', { simple: true }) as number;
  }
}

function createTableSql(table: string, dim: number): string {
  return `CREATE VIRTUAL TABLE "${table}" USING vss0(embedding(${dim}))`;
}
