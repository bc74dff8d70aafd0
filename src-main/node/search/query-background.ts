import type { LibraryDb } from '../library/library-db';
import { blobToFloat32 } from '../library/vector-blob';
import { dotFloat } from '../library/vector/ivf/dot-product';
import { unit } from './vector-math';

/** Photos whose cosines with a query describe its background; enough for a steady median and deviation. */
const BACKGROUND_SAMPLE = 1024;
/** The sample is drawn again once the library's id range has grown by this share, so new photos count. */
const RESAMPLE_GROWTH = 1 / 8;

interface Sample {
  low: number;
  high: number;
  /** The sampled photos' unit vectors, one after another. */
  vectors: Float32Array;
  count: number;
}

/**
 * A query's cosines with a fixed sample of the library's photos (ids spread evenly over the tower's
 * range, so the same library gives the same sample). The sample's unit vectors are kept in memory
 * (2 MB at 512 dimensions): reading them for every query cost about 20 ms of primary-key lookups at
 * 100k photos, four times the ranking itself.
 */
export class QueryBackground {
  private sample: Sample | undefined;

  constructor(
    private readonly db: LibraryDb,
    private readonly towerRowId: number,
  ) {}

  scores(query: Float32Array): number[] {
    // Two subqueries: each is one step down the (tower, photo) index, where min() and max() in one SELECT scan the tower's whole range (13 ms at 100k).
    const range = this.db
      .prepare<[number, number], { low: number | null; high: number | null }>(
        `SELECT (SELECT min(photo_id) FROM embeddings WHERE tower_row_id = ?) AS low,
                (SELECT max(photo_id) FROM embeddings WHERE tower_row_id = ?) AS high`,
      )
      .get(this.towerRowId, this.towerRowId);
    if (!range || range.low === null || range.high === null) return [];
    if (!this.sample || this.isStale(this.sample, range.low, range.high)) this.sample = this.draw(range.low, range.high);
    const { vectors, count } = this.sample;
    const dim = query.length;
    const scores = new Array<number>(count);
    for (let i = 0; i < count; i++) scores[i] = dotFloat(query, 0, vectors, i * dim, dim);
    return scores;
  }

  private isStale(sample: Sample, low: number, high: number): boolean {
    const span = sample.high - sample.low + 1;
    return low !== sample.low || high < sample.high || high - sample.high > span * RESAMPLE_GROWTH;
  }

  private draw(low: number, high: number): Sample {
    const span = high - low + 1;
    const count = Math.min(BACKGROUND_SAMPLE, span);
    const ids = new Set<number>();
    for (let i = 0; i < count; i++) ids.add(low + Math.floor((i * span) / count));
    const rows = this.db
      .prepare<[number, string], { vector: Buffer }>(
        `SELECT vector FROM embeddings
         WHERE tower_row_id = ? AND photo_id IN (SELECT value FROM json_each(?))`,
      )
      .all(this.towerRowId, JSON.stringify([...ids]));
    const dim = rows[0] ? blobToFloat32(rows[0].vector).length : 0;
    const vectors = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => vectors.set(unit(blobToFloat32(row.vector)), i * dim));
    return { low, high, vectors, count: rows.length };
  }
}
