import type { LibraryDb } from '../library-db';
import { blobToFloat32 } from '../vector-blob';
import { TopK } from './ivf/top-k';
import { hitFromSquaredDistance } from './unit-vector';
import type { VectorHit } from './vector-index';

/** Ids per `json_each` statement: bounds one statement's parameter text. */
const CHUNK = 20_000;

/**
 * Where float32 vectors are read from: a SELECT of `photoId, vector` whose only parameter is a JSON
 * array of photo ids (the `embeddings` table, or an index's own copy).
 */
export type VectorSource = string;

/** The tower's raw embeddings: the source of truth. */
export function embeddingsSource(towerRowId: number): VectorSource {
  if (!Number.isSafeInteger(towerRowId)) throw new Error(`bad tower row id ${towerRowId}`);
  return `SELECT photo_id AS photoId, vector FROM embeddings WHERE tower_row_id = ${towerRowId} AND photo_id IN (SELECT value FROM json_each(?))`;
}

/**
 * Cosine similarity of the unit query with the float32 vector of each given photo in `source`;
 * photos it lacks are left out. Used to re-score approximate hits exactly, and to search a small
 * candidate set exactly without touching the index.
 */
export function exactSimilarities(
  db: LibraryDb,
  source: VectorSource,
  unitQuery: Float32Array,
  photoIds: Iterable<number>,
  visit: (photoId: number, similarity: number) => void,
): void {
  const select = db.prepare<[string], { photoId: number; vector: Buffer }>(source);
  const dim = unitQuery.length;
  let chunk: number[] = [];
  const flush = () => {
    for (const row of select.iterate(JSON.stringify(chunk))) {
      const vector = blobToFloat32(row.vector);
      if (vector.length !== dim) continue;
      let dot = 0;
      let norm = 0;
      for (let d = 0; d < dim; d++) {
        const value = vector[d] as number;
        dot += value * (unitQuery[d] as number);
        norm += value * value;
      }
      if (norm > 0) visit(row.photoId, dot / Math.sqrt(norm));
    }
    chunk = [];
  };
  for (const photoId of photoIds) {
    chunk.push(photoId);
    if (chunk.length === CHUNK) flush();
  }
  if (chunk.length > 0) flush();
}

/** Exact top `limit` among the candidates, scored against the vectors in `source`. */
export function exactSearchAmong(db: LibraryDb, source: VectorSource, unitQuery: Float32Array, photoIds: Iterable<number>, limit: number): VectorHit[] {
  const best = new TopK(limit);
  exactSimilarities(db, source, unitQuery, photoIds, (photoId, similarity) => best.offer(photoId, similarity));
  return best.sorted().map(({ id, score }) => hitFromSquaredDistance(id, 2 - 2 * score));
}
