import type { LibraryDb } from '../library-db';
import { float32ToBlob } from '../vector-blob';
import { assertDeclaredDim, declaredDim, towerTableName } from './index-table';
import { hitFromSquaredDistance, hitLimit, toUnitVector, unitVectorsByPhoto } from './unit-vector';
import { embeddingsSource, exactSearchAmong } from './exact-search';
import { EXACT_CANDIDATE_LIMIT, type VectorHit, type VectorIndex, type VectorItem, type VectorItems, type VectorSearchOptions } from './vector-index';

const DIM_IN_CREATE_SQL = /embedding\s+float\s*\[\s*(\d+)\s*\]/i;

/** sqlite-vec refuses KNN queries with k above this. */
const MAX_K = 4096;

/**
 * sqlite-vec backend: a `vec0` table per image tower (brute-force, exact), rowid = photo id.
 * It reads its shadow tables on every query, so unlike sqlite-vss it needs no reload and sees
 * writes at once, inside the transaction too. Rowids must be bound as BigInt: better-sqlite3
 * binds plain numbers as REAL, which vec0 rejects as a primary key.
 */
export class VecIndex implements VectorIndex {
  readonly backend = 'vec';
  readonly kind = 'vec-exact';
  private disposed = false;

  private constructor(
    private readonly db: LibraryDb,
    private readonly towerRowId: number,
    readonly table: string,
    readonly dim: number,
  ) {}

  static tableName(towerRowId: number): string {
    return towerTableName('vec_tower', towerRowId);
  }

  /** Opens the tower's index table, creating it if missing; `created` tells the caller to fill it. */
  static open(db: LibraryDb, towerRowId: number, dim: number): { index: VecIndex; created: boolean } {
    const table = VecIndex.tableName(towerRowId);
    const existingDim = declaredDim(db, table, DIM_IN_CREATE_SQL);
    if (existingDim !== undefined) assertDeclaredDim(table, existingDim, dim);
    else db.connection.exec(createTableSql(table, dim));
    return { index: new VecIndex(db, towerRowId, table, dim), created: existingDim === undefined };
  }

  upsert(items: ReadonlyArray<VectorItem>): void {
    this.assertOpen();
    const vectors = unitVectorsByPhoto(items, this.dim);
    if (vectors.size === 0) return;
    const remove = this.deleteStatement();
    const insert = this.insertStatement();
    this.db.transaction(() => {
      for (const [photoId, vector] of vectors) {
        remove.run(BigInt(photoId)); // vec0 has no upsert
        insert.run(BigInt(photoId), float32ToBlob(vector));
      }
    });
  }

  remove(photoIds: readonly number[]): void {
    this.assertOpen();
    if (photoIds.length === 0) return;
    const remove = this.deleteStatement();
    this.db.transaction(() => {
      for (const photoId of photoIds) remove.run(BigInt(photoId));
    });
  }

  search(query: Float32Array, limit: number, options: VectorSearchOptions = {}): VectorHit[] {
    this.assertOpen();
    const unitQuery = toUnitVector(query, this.dim, 'the query vector');
    const k = hitLimit(limit, MAX_K);
    const among = options.amongPhotoIds;
    if (k === 0 || among?.size === 0) return [];
    if (among && among.size <= EXACT_CANDIDATE_LIMIT) return exactSearchAmong(this.db, embeddingsSource(this.towerRowId), unitQuery, among, k);
    if (among) {
      // vec0 applies `rowid IN` inside its scan, so the k hits are all candidates.
      return this.db
        .prepare<[Buffer, number, string], { rowid: number; distance: number }>(
          `SELECT rowid, distance FROM "${this.table}" WHERE embedding MATCH ? AND k = ? AND rowid IN (SELECT value FROM json_each(?)) ORDER BY distance`,
        )
        .all(float32ToBlob(unitQuery), k, JSON.stringify([...among]))
        .map((row) => hitFromSquaredDistance(row.rowid, row.distance * row.distance));
    }
    return this.db
      .prepare<[Buffer, number], { rowid: number; distance: number }>(
        `SELECT rowid, distance FROM "${this.table}" WHERE embedding MATCH ? AND k = ? ORDER BY distance`,
      )
      .all(float32ToBlob(unitQuery), k)
      .map((row) => hitFromSquaredDistance(row.rowid, row.distance * row.distance)); // vec0 reports plain L2
  }

  count(): number {
    this.assertOpen();
    return this.db.prepare<[], number>(`SELECT count(*) FROM "${this.table}_rowids"`).pluck().get() as number;
  }

  rebuildFrom(embeddings: VectorItems): void {
    this.assertOpen();
    this.db.transaction(() => {
      this.db.connection.exec(`DROP TABLE "${this.table}"; ${createTableSql(this.table, this.dim)}`);
      const insert = this.insertStatement();
      for (const { photoId, vector } of embeddings()) {
        insert.run(BigInt(photoId), float32ToBlob(toUnitVector(vector, this.dim, `the vector of photo ${photoId}`)));
      }
    });
  }

  /** vec0 keeps no state outside its tables, so there is nothing that can drift. */
  isIntact(): boolean {
    return true;
  }

  dispose(): void {
    this.disposed = true;
  }

  private insertStatement() {
    return this.db.prepare<[bigint, Buffer]>(`INSERT INTO "${this.table}" (rowid, embedding) VALUES (?, ?)`);
  }

  private deleteStatement() {
    return this.db.prepare<[bigint]>(`DELETE FROM "${this.table}" WHERE rowid = ?`);
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error(`the sqlite-vec index ${this.table} was disposed`);
  }
}

function createTableSql(table: string, dim: number): string {
  return `CREATE VIRTUAL TABLE "${table}" USING vec0(embedding float[${dim}])`;
}
