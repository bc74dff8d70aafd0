/**
 * Migration 5 (IVF residual codes): an IVF index written by an older Lumen (int8 codes plus a
 * float32 copy of every vector) is converted in place: it keeps its lists and training, loses the
 * float32 copies, and searches as well as before without being rebuilt.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { runMigrations } from '../../../src-main/node/library/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src-main/node/library/migrations';
import { float32ToBlob } from '../../../src-main/node/library/vector-blob';
import { IvfIndex } from '../../../src-main/node/library/vector/ivf/ivf-index';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { cosine, makeTempDir, seededRandom } from './library-fixtures';

const DIM = 16;
const COUNT = 400;
const LISTS = 8;
/** Not the photo count: a rebuild would write COUNT here, so keeping it shows the index was converted, not rebuilt. */
const TRAINED_ON = 300;
const T = 'ivf_tower_1';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

function unit(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return vector.map((x) => x / norm);
}

function blob(view: Float32Array | Float64Array | Int8Array): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** A v4 library with photos, embeddings and an IVF index in the old format, as the previous Lumen wrote them. */
function writeOldLibrary(path: string, vectors: Float32Array[]): void {
  const connection = new Database(path);
  runMigrations(connection, path, MIGRATIONS.slice(0, 4));
  connection.exec(`
    INSERT INTO roots (id, path, added_at) VALUES (1, '/photos', 'now');
    INSERT INTO image_towers (id, tower_id, model_name, dim, created_at) VALUES (1, 'tower', 'model', ${DIM}, 'now');
    INSERT INTO vector_index_sync (tower_row_id, backend, synced_at) VALUES (1, 'vec', 'now');
    CREATE TABLE "${T}" (list_id INTEGER PRIMARY KEY, centroid BLOB NOT NULL, photo_ids BLOB NOT NULL, codes BLOB NOT NULL);
    CREATE TABLE "${T}_members" (photo_id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL, vector BLOB NOT NULL);
    CREATE INDEX "${T}_members_by_list" ON "${T}_members" (list_id);
    CREATE TABLE "${T}_meta" (trained_on INTEGER NOT NULL, dim INTEGER NOT NULL);
    INSERT INTO "${T}_meta" (trained_on, dim) VALUES (${TRAINED_ON}, ${DIM});
    -- an interrupted background rebuild
    CREATE TABLE "${T}_rebuild_abc123_meta" (trained_on INTEGER NOT NULL, dim INTEGER NOT NULL);
    CREATE TABLE vector_index_rebuilds (tower_row_id INTEGER PRIMARY KEY, owner_pid INTEGER NOT NULL, token TEXT NOT NULL, target TEXT NOT NULL, started_at TEXT NOT NULL);
    INSERT INTO vector_index_rebuilds VALUES (1, 999999, 'abc123', 'ivf-int8', 'now');
    CREATE TABLE vector_index_rebuild_changes (tower_row_id INTEGER NOT NULL, photo_id INTEGER NOT NULL, PRIMARY KEY (tower_row_id, photo_id)) WITHOUT ROWID;
    CREATE TRIGGER vector_rebuild_1_insert AFTER INSERT ON embeddings WHEN NEW.tower_row_id = 1 BEGIN SELECT 1; END;
  `);
  const units = vectors.map(unit);
  const centroids = Array.from({ length: LISTS }, (_, c) => units[c * 37] as Float32Array);
  const members: number[][] = Array.from({ length: LISTS }, () => []);
  units.forEach((v, i) => {
    const scores = centroids.map((c) => c.reduce((sum, x, d) => sum + x * (v[d] as number), 0));
    members[scores.indexOf(Math.max(...scores))]?.push(i);
  });
  const photo = connection.prepare("INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, indexed_at) VALUES (?, 1, ?, 1, 1, ?, 'now')");
  const embedding = connection.prepare('INSERT INTO embeddings (photo_id, tower_row_id, vector) VALUES (?, 1, ?)');
  const member = connection.prepare(`INSERT INTO "${T}_members" (photo_id, list_id, vector) VALUES (?, ?, ?)`);
  const list = connection.prepare(`INSERT INTO "${T}" (list_id, centroid, photo_ids, codes) VALUES (?, ?, ?, ?)`);
  connection.transaction(() => {
    vectors.forEach((v, i) => {
      photo.run(i + 1, `/photos/${i}.jpg`, `h${i}`);
      embedding.run(i + 1, float32ToBlob(v));
    });
    members.forEach((rows, listId) => {
      rows.forEach((i) => member.run(i + 1, listId, blob(units[i] as Float32Array)));
      const codes = new Int8Array(rows.length * DIM);
      rows.forEach((i, r) => (units[i] as Float32Array).forEach((x, d) => (codes[r * DIM + d] = Math.round(x * 127))));
      list.run(listId, blob(centroids[listId] as Float32Array), blob(Float64Array.from(rows, (i) => i + 1)), blob(codes));
    });
  })();
  connection.close();
}

it('converts an int8 IVF index with float32 copies in place: same lists and training, no copies, searches without a rebuild', () => {
  const random = seededRandom(9);
  const centres = Array.from({ length: 12 }, () => Float32Array.from({ length: DIM }, () => random() * 2 - 1));
  const vectors = Array.from({ length: COUNT }, () =>
    (centres[Math.floor(random() * centres.length)] as Float32Array).map((c) => (c + 0.4 * (random() * 2 - 1)) * 3),
  );
  const path = join(dir, 'lumen.db');
  writeOldLibrary(path, vectors);
  const listsBefore = new Database(path).prepare(`SELECT list_id, photo_ids FROM "${T}" ORDER BY list_id`).all();

  const db = LibraryDb.open(dir);
  expect(db.migration).toMatchObject({ fromVersion: 4, toVersion: LATEST_SCHEMA_VERSION });
  const columns = (table: string) => db.connection.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(table);
  expect(columns(`${T}_members`)).toEqual(['photo_id', 'list_id']);
  expect(db.connection.prepare(`SELECT trained_on AS trainedOn, dim, format FROM "${T}_meta"`).get()).toEqual({ trainedOn: TRAINED_ON, dim: DIM, format: 2 });
  expect(db.connection.prepare(`SELECT list_id, photo_ids FROM "${T}" ORDER BY list_id`).all()).toEqual(listsBefore);
  const codeBytes = db.connection.prepare<[], number>(`SELECT sum(length(codes)) FROM "${T}"`).pluck().get();
  expect(codeBytes).toBe((COUNT * DIM) / 2);
  const leftovers = db.connection
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE name GLOB '*rebuild*' AND type IN ('table', 'trigger')")
    .pluck()
    .all();
  expect(leftovers.sort()).toEqual(['vector_index_rebuild_changes', 'vector_index_rebuilds']);
  expect(db.connection.prepare('SELECT count(*) FROM vector_index_rebuilds').pluck().get()).toBe(0);

  const tuning = {
    probeFraction: 1,
    largeProbeFraction: 1,
    largeFromLists: 500,
    minProbes: 1,
    rescoreFactor: 2,
    minRescore: 20,
    rescoreShare: 0,
    exactCandidateLimit: 0,
    exactCostInChecks: 250,
    filteredSeenFactor: 4,
    filteredProbeFactor: 2,
  };
  const index = openVectorIndex(db, 'vec', 1, DIM, {
    thresholds: { ivfAtOrAbove: 100, exactBelow: 50, retrainGrowth: 2 },
    ivfSearch: tuning,
    rebuildInBackground: false,
  });
  expect(index.current).toBeInstanceOf(IvfIndex);
  expect((index.current as IvfIndex).trainedOn()).toBe(TRAINED_ON);
  expect(index.count()).toBe(COUNT);

  // Re-scoring 20 of the 400 by code keeps the true top 10 nearly always: the codes were made from the vectors.
  let found = 0;
  const queries = Array.from({ length: 20 }, (_, q) => (vectors[q * 19] as Float32Array).map((x, d) => x + 0.3 * Math.sin(q + d)));
  for (const query of queries) {
    const truth = vectors
      .map((v, i) => ({ photoId: i + 1, similarity: cosine(query, v) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 10);
    const hits = index.search(query, 10);
    found += hits.filter((hit) => truth.some((t) => t.photoId === hit.photoId)).length;
    const [best] = hits;
    expect(best?.similarity).toBeCloseTo(cosine(query, vectors[(best?.photoId ?? 1) - 1] as Float32Array), 5);
  }
  expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);

  // Written after the upgrade, found like the rest.
  const added = unit(Float32Array.from({ length: DIM }, (_, d) => Math.cos(d)));
  db.transaction(() => {
    db.connection.exec(
      "INSERT INTO photos (id, root_id, path, size, mtime_ms, content_hash, indexed_at) VALUES (1000, 1, '/photos/new.jpg', 1, 1, 'new', 'now')",
    );
    new EmbeddingRepository(db).putEmbedding(1000, 1, added);
    index.upsert([{ photoId: 1000, vector: added }]);
  });
  expect(index.search(added, 1)[0]).toMatchObject({ photoId: 1000 });
  db.close();
});
