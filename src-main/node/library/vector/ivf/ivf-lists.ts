import type { LibraryDb } from '../../library-db';
import { float32ToBlob } from '../../vector-blob';
import type { VectorSource } from '../exact-search';
import { CODE_FORMAT, defaultQuantizer, type ResidualQuantizer } from './residual-codes';

/** One inverted list: its photos and their residual codes, `codeBytes(dim)` bytes per photo, in `photoIds` order. */
export interface IvfList {
  photoIds: Float64Array;
  codes: Uint8Array;
}

/**
 * The IVF index's SQL storage, one table set per image tower:
 * - `<table>`: one row per list: its unit centroid (float32), member photo ids (float64) and codes, as blobs,
 *   so a probe reads a list with one row lookup and no per-photo rows;
 * - `<table>_members`: which list holds a photo (for updates and removals);
 * - `<table>_meta`: the vector dimension, how many vectors the centroids were trained on (to know
 *   when to retrain), the code format and the quantizer's grid.
 * No float32 vectors: hits are re-scored from the tower's `embeddings`, the one float32 copy.
 */
export class IvfListStore {
  constructor(
    private readonly db: LibraryDb,
    readonly table: string,
    readonly dim: number,
    /** The tower whose `embeddings` the index re-scores with. */
    readonly towerRowId: number,
  ) {}

  createSql(): string {
    const t = this.table;
    return `CREATE TABLE "${t}" (list_id INTEGER PRIMARY KEY, centroid BLOB NOT NULL, photo_ids BLOB NOT NULL, codes BLOB NOT NULL);
      CREATE TABLE "${t}_members" (photo_id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL);
      CREATE TABLE "${t}_meta" (trained_on INTEGER NOT NULL, dim INTEGER NOT NULL, format INTEGER NOT NULL, code_low BLOB NOT NULL, code_step BLOB NOT NULL);`;
  }

  /** The meta row an empty index starts with: untrained, the default grid. */
  initialize(): void {
    this.setQuantizer(defaultQuantizer(this.dim), 0);
  }

  dropSql(): string {
    return dropIvfTablesSql(this.table);
  }

  /** The stored dimension and code format, or undefined when there is no index (or an unreadable one). */
  storedLayout(): { dim: number; format: number } | undefined {
    const exists = this.db.prepare<[string], number>("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(`${this.table}_meta`);
    if (exists !== 1) return undefined;
    const row = this.db.prepare<[], Record<string, unknown>>(`SELECT * FROM "${this.table}_meta"`).get();
    if (typeof row?.dim !== 'number' || typeof row.format !== 'number') return undefined;
    return { dim: row.dim, format: row.format };
  }

  trainedOn(): number {
    return this.db.prepare<[], number>(`SELECT trained_on FROM "${this.table}_meta"`).pluck().get() ?? 0;
  }

  quantizer(): ResidualQuantizer {
    const row = this.db.prepare<[], { low: Buffer; step: Buffer }>(`SELECT code_low AS low, code_step AS step FROM "${this.table}_meta"`).get();
    if (!row) return defaultQuantizer(this.dim);
    return { low: floats(row.low), step: floats(row.step) };
  }

  /** Replaces the meta row: the grid codes are made on, and how many vectors the centroids were trained on. */
  setQuantizer(quantizer: ResidualQuantizer, trainedOn: number): void {
    this.db.connection.exec(`DELETE FROM "${this.table}_meta"`);
    this.db
      .prepare<[number, number, number, Buffer, Buffer]>(
        `INSERT INTO "${this.table}_meta" (trained_on, dim, format, code_low, code_step) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(trainedOn, this.dim, CODE_FORMAT, float32ToBlob(quantizer.low), float32ToBlob(quantizer.step));
  }

  count(): number {
    return this.db.prepare<[], number>(`SELECT count(*) FROM "${this.table}_members"`).pluck().get() as number;
  }

  /** Centroids in list-id order; list ids are 0..n-1. */
  centroids(): Float32Array {
    const rows = this.db.prepare<[], Buffer>(`SELECT centroid FROM "${this.table}" ORDER BY list_id`).pluck().all();
    const out = new Float32Array(rows.length * this.dim);
    rows.forEach((blob, i) => out.set(floats(blob), i * this.dim));
    return out;
  }

  readList(listId: number): IvfList {
    const row = this.db.prepare<[number], { photo_ids: Buffer; codes: Buffer }>(`SELECT photo_ids, codes FROM "${this.table}" WHERE list_id = ?`).get(listId);
    if (!row) return { photoIds: new Float64Array(0), codes: new Uint8Array(0) };
    return {
      photoIds: new Float64Array(row.photo_ids.buffer.slice(row.photo_ids.byteOffset, row.photo_ids.byteOffset + row.photo_ids.byteLength)),
      codes: new Uint8Array(row.codes.buffer.slice(row.codes.byteOffset, row.codes.byteOffset + row.codes.byteLength)),
    };
  }

  writeList(listId: number, centroid: Float32Array, list: IvfList): void {
    this.db
      .prepare<[number, Buffer, Buffer, Buffer]>(`INSERT OR REPLACE INTO "${this.table}" (list_id, centroid, photo_ids, codes) VALUES (?, ?, ?, ?)`)
      .run(listId, toBlob(centroid), toBlob(list.photoIds), toBlob(list.codes));
  }

  replaceList(listId: number, list: IvfList): void {
    this.db
      .prepare<[Buffer, Buffer, number]>(`UPDATE "${this.table}" SET photo_ids = ?, codes = ? WHERE list_id = ?`)
      .run(toBlob(list.photoIds), toBlob(list.codes), listId);
  }

  /** Member list of each given photo that the index holds. */
  listsOf(photoIds: readonly number[]): Map<number, number> {
    const rows = this.db
      .prepare<[string], { photo_id: number; list_id: number }>(
        `SELECT photo_id, list_id FROM "${this.table}_members" WHERE photo_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(photoIds));
    return new Map(rows.map((row) => [row.photo_id, row.list_id]));
  }

  setMember(photoId: number, listId: number): void {
    this.db.prepare<[number, number]>(`INSERT OR REPLACE INTO "${this.table}_members" (photo_id, list_id) VALUES (?, ?)`).run(photoId, listId);
  }

  deleteMember(photoId: number): void {
    this.db.prepare<[number]>(`DELETE FROM "${this.table}_members" WHERE photo_id = ?`).run(photoId);
  }

  /**
   * The stored float32 embeddings of the index's photos, for exact re-scoring (see exact-search.ts):
   * only photos the index holds, so a search never answers with a photo it was not given.
   */
  vectorSource(): VectorSource {
    if (!Number.isSafeInteger(this.towerRowId)) throw new Error(`bad tower row id ${this.towerRowId}`);
    return `SELECT e.photo_id AS photoId, e.vector FROM "${this.table}_members" m
      JOIN embeddings e ON e.photo_id = m.photo_id AND e.tower_row_id = ${this.towerRowId}
      WHERE m.photo_id IN (SELECT value FROM json_each(?))`;
  }
}

/** Drops an IVF table set (its SQL indexes go with the tables). */
export function dropIvfTablesSql(table: string): string {
  return `DROP TABLE IF EXISTS "${table}"; DROP TABLE IF EXISTS "${table}_members"; DROP TABLE IF EXISTS "${table}_meta";`;
}

function floats(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

function toBlob(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
