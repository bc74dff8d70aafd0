import type { LibraryDb } from '../../library-db';

/** One inverted list: its photos and their int8 codes, row i of `codes` belonging to `photoIds[i]`. */
export interface IvfList {
  photoIds: Float64Array;
  codes: Int8Array;
}

/**
 * The IVF index's SQL storage, one table set per image tower:
 * - `<table>`: one row per list: its unit centroid (float32), member photo ids (float64) and int8 codes, as blobs,
 *   so a probe reads a list with one row lookup and no per-photo rows;
 * - `<table>_members`: which list holds a photo (for updates and removals) and its unit float32 vector,
 *   the index's own copy that hits are re-scored with (so the index answers for exactly what it was given);
 * - `<table>_meta`: how many vectors the centroids were trained on, to know when to retrain.
 */
export class IvfListStore {
  constructor(
    private readonly db: LibraryDb,
    readonly table: string,
    readonly dim: number,
  ) {}

  /** `membersIndex` names the SQL index on members (a background rebuild gives it a unique name: renaming a table keeps it). */
  createSql(membersIndex = `${this.table}_members_by_list`): string {
    const t = this.table;
    return `CREATE TABLE "${t}" (list_id INTEGER PRIMARY KEY, centroid BLOB NOT NULL, photo_ids BLOB NOT NULL, codes BLOB NOT NULL);
      CREATE TABLE "${t}_members" (photo_id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL, vector BLOB NOT NULL);
      -- Also what count(*) walks: without it, counting would read every vector (2 GB at 1M × 512-d) at open.
      CREATE INDEX "${membersIndex}" ON "${t}_members" (list_id);
      CREATE TABLE "${t}_meta" (trained_on INTEGER NOT NULL, dim INTEGER NOT NULL);
      INSERT INTO "${t}_meta" (trained_on, dim) VALUES (0, ${this.dim});`;
  }

  dropSql(): string {
    const t = this.table;
    return `DROP TABLE IF EXISTS "${t}"; DROP TABLE IF EXISTS "${t}_members"; DROP TABLE IF EXISTS "${t}_meta";`;
  }

  storedDim(): number | undefined {
    const exists = this.db.prepare<[string], number>("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(`${this.table}_meta`);
    if (exists !== 1) return undefined;
    return this.db.prepare<[], number>(`SELECT dim FROM "${this.table}_meta"`).pluck().get();
  }

  trainedOn(): number {
    return this.db.prepare<[], number>(`SELECT trained_on FROM "${this.table}_meta"`).pluck().get() ?? 0;
  }

  setTrainedOn(count: number): void {
    this.db.prepare<[number]>(`UPDATE "${this.table}_meta" SET trained_on = ?`).run(count);
  }

  count(): number {
    return this.db.prepare<[], number>(`SELECT count(*) FROM "${this.table}_members"`).pluck().get() as number;
  }

  /** Centroids in list-id order; list ids are 0..n-1. */
  centroids(): Float32Array {
    const rows = this.db.prepare<[], Buffer>(`SELECT centroid FROM "${this.table}" ORDER BY list_id`).pluck().all();
    const out = new Float32Array(rows.length * this.dim);
    rows.forEach((blob, i) => out.set(new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)), i * this.dim));
    return out;
  }

  readList(listId: number): IvfList {
    const row = this.db
      .prepare<[number], { photo_ids: Buffer; codes: Buffer }>(`SELECT photo_ids, codes FROM "${this.table}" WHERE list_id = ?`)
      .get(listId);
    if (!row) return { photoIds: new Float64Array(0), codes: new Int8Array(0) };
    return {
      photoIds: new Float64Array(row.photo_ids.buffer.slice(row.photo_ids.byteOffset, row.photo_ids.byteOffset + row.photo_ids.byteLength)),
      codes: new Int8Array(row.codes.buffer.slice(row.codes.byteOffset, row.codes.byteOffset + row.codes.byteLength)),
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

  setMember(photoId: number, listId: number, unit: Float32Array): void {
    this.db
      .prepare<[number, number, Buffer]>(`INSERT OR REPLACE INTO "${this.table}_members" (photo_id, list_id, vector) VALUES (?, ?, ?)`)
      .run(photoId, listId, toBlob(unit));
  }

  /** Reads the members' float32 copies for exact re-scoring (see exact-search.ts). */
  vectorSource(): string {
    return `SELECT photo_id AS photoId, vector FROM "${this.table}_members" WHERE photo_id IN (SELECT value FROM json_each(?))`;
  }

  /** Moves a member to its list (the bulk build stores members before the lists are trained). */
  setMemberList(photoId: number, listId: number): void {
    this.db.prepare<[number, number]>(`UPDATE "${this.table}_members" SET list_id = ? WHERE photo_id = ?`).run(listId, photoId);
  }

  deleteMember(photoId: number): void {
    this.db.prepare<[number]>(`DELETE FROM "${this.table}_members" WHERE photo_id = ?`).run(photoId);
  }
}

function toBlob(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
