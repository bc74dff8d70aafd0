import type Database from 'better-sqlite3';
import { float32ToBlob } from '../vector-blob';
import { encodeResidual, trainQuantizer } from '../vector/ivf/residual-codes';
import type { Migration } from './migration';

/**
 * The IVF index stops keeping a float32 copy of every vector (it re-scores from `embeddings`) and
 * codes residuals in 4 bits instead of whole vectors in int8: at 1M × 512-d it shrinks from 4.4 GB
 * to about 70 MB. Existing indexes are converted in place, so a large library keeps its trained
 * lists and serves at once (no rebuild): each list's codes are made again from the float32 copies
 * about to be dropped, on a grid trained on a sample of them; `<ivf>_members` loses its vector
 * column and `<ivf>_meta` gains the code format and grid. Leftovers of a background rebuild that
 * was interrupted are dropped (the next open starts it again), and the rebuild's bookkeeping tables
 * become part of the schema. The freed pages go back to the file
 * system when the library is next compacted (see page-size.ts).
 *
 * Format 2 of the IVF tables, as written here: `<t>` (list_id, centroid, photo_ids, codes),
 * `<t>_members` (photo_id, list_id), `<t>_meta` (trained_on, dim, format, code_low, code_step).
 */
export const ivfResidualCodes: Migration = {
  version: 5,
  name: 'ivf-residual-codes',
  up(connection) {
    dropRebuildLeftovers(connection);
    const metaTables = connection
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'ivf_tower_[0-9]*_meta'")
      .pluck()
      .all();
    for (const meta of metaTables) convertIndex(connection, meta.slice(0, -'_meta'.length));
  },
};

const FORMAT = 2;
const SAMPLE_ROWS = 16_384;
/** Photo ids per `json_each` statement while reading the float32 copies. */
const CHUNK = 2_000;
const INT8_SCALE = 127;

/** The background rebuild's bookkeeping (rebuild-state.ts), declared here rather than on first use, and emptied. */
function dropRebuildLeftovers(connection: Database.Database): void {
  const names = (type: 'table' | 'trigger', pattern: string) =>
    connection.prepare<[string, string], string>('SELECT name FROM sqlite_schema WHERE type = ? AND name GLOB ?').pluck().all(type, pattern);
  for (const table of names('table', 'ivf_tower_*_rebuild_*')) connection.exec(`DROP TABLE "${table}"`);
  for (const trigger of names('trigger', 'vector_rebuild_*')) connection.exec(`DROP TRIGGER "${trigger}"`);
  connection.exec(`
    CREATE TABLE IF NOT EXISTS vector_index_rebuilds (tower_row_id INTEGER PRIMARY KEY, owner_pid INTEGER NOT NULL, token TEXT NOT NULL, target TEXT NOT NULL, started_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS vector_index_rebuild_changes (tower_row_id INTEGER NOT NULL, photo_id INTEGER NOT NULL, PRIMARY KEY (tower_row_id, photo_id)) WITHOUT ROWID;
    DELETE FROM vector_index_rebuilds;
    DELETE FROM vector_index_rebuild_changes;`);
}

interface OldList {
  listId: number;
  centroid: Float32Array;
  photoIds: Float64Array;
  codes: Int8Array;
}

function convertIndex(connection: Database.Database, table: string): void {
  const columns = connection.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(`${table}_members`);
  if (!columns.includes('vector')) return; // already format 2
  const meta = connection.prepare<[], { trainedOn: number; dim: number }>(`SELECT trained_on AS trainedOn, dim FROM "${table}_meta"`).get();
  if (!meta) {
    connection.exec(dropSql(table)); // unreadable: the next open rebuilds it from embeddings
    return;
  }
  const { dim } = meta;
  const listIds = connection.prepare<[], number>(`SELECT list_id FROM "${table}" ORDER BY list_id`).pluck().all();
  const readList = connection.prepare<[number], { centroid: Buffer; photoIds: Buffer; codes: Buffer }>(
    `SELECT centroid, photo_ids AS photoIds, codes FROM "${table}" WHERE list_id = ?`,
  );
  const list = (listId: number): OldList => {
    const row = readList.get(listId);
    if (!row) throw new Error(`list ${listId} of ${table} vanished`);
    return { listId, centroid: new Float32Array(copy(row.centroid)), photoIds: new Float64Array(copy(row.photoIds)), codes: new Int8Array(copy(row.codes)) };
  };
  const readVectors = vectorReader(connection, table, dim);

  // The grid is trained on residuals of an even sample of the vectors.
  const total = connection.prepare<[], number>(`SELECT count(*) FROM "${table}_members"`).pluck().get() ?? 0;
  const stride = Math.max(1, Math.ceil(total / SAMPLE_ROWS));
  const sample = new Float32Array(Math.min(total, SAMPLE_ROWS) * dim);
  let sampled = 0;
  for (const listId of listIds) {
    const old = list(listId);
    const ids = [...old.photoIds].filter((_, i) => (i + listId) % stride === 0);
    for (const [, unit] of unitVectors(old, ids, readVectors)) {
      if (sampled * dim >= sample.length) break;
      for (let d = 0; d < dim; d++) sample[sampled * dim + d] = (unit[d] as number) - (old.centroid[d] as number);
      sampled++;
    }
  }
  const quantizer = trainQuantizer(sample, sampled, dim);

  const bytes = Math.ceil(dim / 2);
  const writeCodes = connection.prepare<[Buffer, number]>(`UPDATE "${table}" SET codes = ? WHERE list_id = ?`);
  for (const listId of listIds) {
    const old = list(listId);
    const codes = new Uint8Array(old.photoIds.length * bytes);
    for (const [i, unit] of unitVectors(old, [...old.photoIds], readVectors)) encodeResidual(quantizer, unit, old.centroid, 0, codes, i * bytes);
    writeCodes.run(Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength), listId);
  }

  connection.exec(`
    CREATE TABLE "${table}_members_v2" (photo_id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL);
    INSERT INTO "${table}_members_v2" (photo_id, list_id) SELECT photo_id, list_id FROM "${table}_members";
    DROP TABLE "${table}_members";
    ALTER TABLE "${table}_members_v2" RENAME TO "${table}_members";
    DROP TABLE "${table}_meta";
    CREATE TABLE "${table}_meta" (trained_on INTEGER NOT NULL, dim INTEGER NOT NULL, format INTEGER NOT NULL, code_low BLOB NOT NULL, code_step BLOB NOT NULL);`);
  connection
    .prepare<[number, number, number, Buffer, Buffer]>(`INSERT INTO "${table}_meta" (trained_on, dim, format, code_low, code_step) VALUES (?, ?, ?, ?, ?)`)
    .run(meta.trainedOn, dim, FORMAT, float32ToBlob(quantizer.low), float32ToBlob(quantizer.step));
}

type VectorReader = (photoIds: readonly number[]) => Map<number, Float32Array>;

/** Reads the index's own float32 copies (unit vectors) of the given photos. */
function vectorReader(connection: Database.Database, table: string, dim: number): VectorReader {
  const select = connection.prepare<[string], { photoId: number; vector: Buffer }>(
    `SELECT photo_id AS photoId, vector FROM "${table}_members" WHERE photo_id IN (SELECT value FROM json_each(?))`,
  );
  return (photoIds) => {
    const out = new Map<number, Float32Array>();
    for (let start = 0; start < photoIds.length; start += CHUNK) {
      for (const row of select.iterate(JSON.stringify(photoIds.slice(start, start + CHUNK)))) {
        if (row.vector.byteLength === dim * 4) out.set(row.photoId, new Float32Array(copy(row.vector)));
      }
    }
    return out;
  };
}

/**
 * Each wanted member's unit vector, with its row in the list: the float32 copy, or (for a member
 * whose copy is missing) its int8 code decoded.
 */
function* unitVectors(list: OldList, wanted: readonly number[], read: VectorReader): Generator<[number, Float32Array]> {
  const dim = list.centroid.length;
  const vectors = read(wanted);
  const wantedSet = new Set(wanted);
  for (let i = 0; i < list.photoIds.length; i++) {
    const photoId = list.photoIds[i] as number;
    if (!wantedSet.has(photoId)) continue;
    const vector = vectors.get(photoId) ?? Float32Array.from(list.codes.subarray(i * dim, (i + 1) * dim), (code) => code / INT8_SCALE);
    yield [i, vector];
  }
}

function dropSql(table: string): string {
  return `DROP TABLE IF EXISTS "${table}"; DROP TABLE IF EXISTS "${table}_members"; DROP TABLE IF EXISTS "${table}_meta";`;
}

/** An aligned copy of a blob's bytes (SQLite's buffers may sit at any offset). */
function copy(blob: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(blob.byteLength);
  new Uint8Array(out).set(blob);
  return out;
}
