/**
 * `npm run bench -- vector-migration [--sizes 100000] [--dims 512]`: how long migration 5 (the IVF
 * index from int8 codes plus a float32 copy of every vector to 4-bit residual codes re-scored from
 * `embeddings`) takes on a library of that size, and what it frees. The old index is written as
 * the previous Lumen wrote it (same lists, trained by today's build, int8 codes of the unit vectors
 * and their float32 copies), then only migration 5 runs, timed (wall and CPU).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import { LibraryDb } from '../src-main/node/library/library-db';
import { runMigrations } from '../src-main/node/library/migrate';
import { MIGRATIONS } from '../src-main/node/library/migrations';
import { PhotoRepository } from '../src-main/node/library/photo-repository';
import { IvfIndex } from '../src-main/node/library/vector/ivf/ivf-index';
import { clusteredUnitVectors } from './search-data';

const VECTOR_MIGRATION = 5;

interface MigrationRow {
  size: number;
  dim: number;
  lists: number;
  wallS: number;
  cpuS: number;
  usedBeforeMb: number;
  usedAfterMb: number;
}

function usedMb(connection: Database.Database): number {
  const pages = (connection.pragma('page_count', { simple: true }) as number) - (connection.pragma('freelist_count', { simple: true }) as number);
  return (pages * (connection.pragma('page_size', { simple: true }) as number)) / 2 ** 20;
}

function blob(view: Float32Array | Float64Array | Int8Array): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** A library with `size` photos and embeddings and today's IVF index over them, in `dir`. */
function writeLibrary(dir: string, size: number, dim: number): Float32Array {
  const set = clusteredUnitVectors(size, dim, Math.max(64, Math.round(size / 1000)), 1);
  const db = LibraryDb.open(dir);
  const photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const towerRowId = embeddings.ensureImageTower(`bench-${dim}`, 'bench', dim);
  const rootId = photos.upsertRoot('/bench');
  db.transaction(() => {
    for (let row = 0; row < size; row++) {
      const id = photos.upsertPhoto({
        rootId,
        path: `/bench/${row}.jpg`,
        size: 1,
        mtimeMs: 1,
        contentHash: String(row),
        width: 1,
        height: 1,
        format: 'jpeg',
        takenAt: null,
        cameraMake: null,
        cameraModel: null,
        thumbnail: null,
      });
      embeddings.putEmbedding(id, towerRowId, set.data.subarray(row * dim, (row + 1) * dim));
    }
  });
  const { index } = IvfIndex.open(db, towerRowId, dim);
  index.rebuildFrom(() => embeddings.iterateEmbeddings(towerRowId));
  index.dispose();
  db.close();
  return set.data;
}

/** Rewrites the index in the previous format: int8 codes of the unit vectors, float32 copies in the members table, the old meta row; schema version 4. */
function toPreviousFormat(path: string, dim: number): number {
  const connection = new Database(path);
  const t = IvfIndex.tableName(1);
  const lists = connection
    .prepare<[], { listId: number; photoIds: Buffer }>(`SELECT list_id AS listId, photo_ids AS photoIds FROM "${t}" ORDER BY list_id`)
    .all();
  const vectorOf = connection.prepare<[number], Buffer>('SELECT vector FROM embeddings WHERE photo_id = ? AND tower_row_id = 1').pluck();
  const trainedOn = connection.prepare<[], number>(`SELECT trained_on FROM "${t}_meta"`).pluck().get() ?? 0;
  connection.transaction(() => {
    connection.exec(`
      DROP TABLE "${t}_members"; DROP TABLE "${t}_meta";
      CREATE TABLE "${t}_members" (photo_id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL, vector BLOB NOT NULL);
      CREATE INDEX "${t}_members_by_list" ON "${t}_members" (list_id);
      CREATE TABLE "${t}_meta" (trained_on INTEGER NOT NULL, dim INTEGER NOT NULL);
      DROP TABLE IF EXISTS vector_index_rebuilds; DROP TABLE IF EXISTS vector_index_rebuild_changes;`);
    connection.prepare(`INSERT INTO "${t}_meta" (trained_on, dim) VALUES (?, ?)`).run(trainedOn, dim);
    const member = connection.prepare(`INSERT INTO "${t}_members" (photo_id, list_id, vector) VALUES (?, ?, ?)`);
    const codes = connection.prepare(`UPDATE "${t}" SET codes = ? WHERE list_id = ?`);
    for (const { listId, photoIds } of lists) {
      const ids = new Float64Array(photoIds.buffer.slice(photoIds.byteOffset, photoIds.byteOffset + photoIds.byteLength));
      const int8 = new Int8Array(ids.length * dim);
      ids.forEach((photoId, row) => {
        const raw = vectorOf.get(photoId) as Buffer;
        const vector = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
        const norm = Math.hypot(...vector);
        const unit = vector.map((x) => x / norm);
        unit.forEach((x, d) => (int8[row * dim + d] = Math.round(x * 127)));
        member.run(photoId, listId, blob(unit));
      });
      codes.run(blob(int8), listId);
    }
  })();
  connection.pragma('user_version = 4');
  connection.close();
  return lists.length;
}

function measure(size: number, dim: number): MigrationRow {
  const dir = mkdtempSync(join(tmpdir(), `lumen-bench-migration-${size}-${dim}-`));
  try {
    const started = performance.now();
    writeLibrary(dir, size, dim);
    const path = join(dir, 'lumen.db');
    const lists = toPreviousFormat(path, dim);
    process.stderr.write(`[vector-migration] ${size} × ${dim}: old-format library written in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    const connection = new Database(path);
    const usedBeforeMb = usedMb(connection);
    const wall = performance.now();
    const cpu = process.cpuUsage();
    runMigrations(
      connection,
      path,
      MIGRATIONS.filter((m) => m.version <= VECTOR_MIGRATION),
    );
    const used = process.cpuUsage(cpu);
    const wallS = (performance.now() - wall) / 1000;
    const row = { size, dim, lists, wallS, cpuS: (used.user + used.system) / 1e6, usedBeforeMb, usedAfterMb: usedMb(connection) };
    connection.close();
    return row;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runVectorMigrationBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { sizes: { type: 'string', default: '100000' }, dims: { type: 'string', default: '512' } } });
  const rows: MigrationRow[] = [];
  for (const size of values.sizes.split(',').map(Number)) {
    for (const dim of values.dims.split(',').map(Number)) {
      const row = measure(size, dim);
      process.stderr.write(`[vector-migration] ${JSON.stringify(row)}, load average ${loadavg()[0]?.toFixed(1) ?? '?'}\n`);
      rows.push(row);
    }
  }
  const lines = [
    `Migration ${VECTOR_MIGRATION} (IVF index to 4-bit residual codes), one run (${new Date().toISOString().slice(0, 10)}, Node ${process.version}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at the end):`,
    '',
    '| vectors | dim | lists | wall (s) | CPU (s) | database in use before (MB) | after (MB) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.size} | ${r.dim} | ${r.lists} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.usedBeforeMb.toFixed(0)} | ${r.usedAfterMb.toFixed(0)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
