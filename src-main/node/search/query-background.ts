import type { LibraryDb } from '../library/library-db';
import type { FilteredRanking } from './filtered-ranking';

/** Photos whose cosines with a query describe its background; enough for a steady median and deviation. */
const BACKGROUND_SAMPLE = 1024;

/**
 * The query's scores with a sample of the library's photos (ids spread evenly over the tower's
 * range, so the same library gives the same sample): primary-key lookups, never a scan.
 */
export function backgroundScores(db: LibraryDb, ranking: FilteredRanking, towerRowId: number, query: Float32Array): number[] {
  const range = db
    .prepare<[number], { low: number | null; high: number | null }>('SELECT min(photo_id) AS low, max(photo_id) AS high FROM embeddings WHERE tower_row_id = ?')
    .get(towerRowId);
  if (!range || range.low === null || range.high === null) return [];
  const span = range.high - range.low + 1;
  const count = Math.min(BACKGROUND_SAMPLE, span);
  const ids = new Set<number>();
  for (let i = 0; i < count; i++) ids.add(range.low + Math.floor((i * span) / count));
  return [...ranking.scoreOf(query, [...ids]).values()];
}
