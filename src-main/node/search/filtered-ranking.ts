import type { LibraryDb } from '../library/library-db';
import { blobToFloat32 } from '../library/vector-blob';
import { embeddingsSource, exactSearchAmong } from '../library/vector/exact-search';
import type { VectorHit, VectorIndex } from '../library/vector/vector-index';
import { countFiltered, filteredIds, passingIds, type PhotoFilter } from './photo-filter';
import { dot, norm, unit } from './vector-math';

export interface RankedPhoto {
  photoId: number;
  /** dot(query, unit photo vector): the cosine when the query has unit length. */
  score: number;
}

/** How a ranking was computed; tests check it instead of timing, and `--json` can show it. */
export interface RankingPlan {
  /**
   * `candidates-first`: the filter's photos, found through its SQL indexes, ranked by the vector
   * index among them alone (exactly, or for many candidates by an IVF index probing for them).
   */
  strategy: 'index' | 'index-then-filter' | 'candidates-first' | 'exact-scan';
  /** Photos passing the filter (all embedded photos without one). */
  candidates: number;
  /** Vectors the query may be compared with: the index's, or only the candidates'. */
  vectorsCompared: number;
}

export interface FilteredRankingOptions {
  /**
   * At or below this many candidates the filter runs first and the index ranks only them; default
   * by index kind (CANDIDATES_FIRST_LIMIT, IVF_CANDIDATES_FIRST_LIMIT).
   */
  candidatesFirstLimit?: number;
}

/** Both backends answer at most this many neighbours per query. */
const INDEX_MAX_K = 4096;
const CANDIDATES_FIRST_LIMIT = 20_000;
/**
 * An IVF index ranks given candidates by probing its lists and skipping the others, which stays
 * cheap far beyond what an exact scan can afford: at 1M photos, 100 000 candidates in 28 ms against
 * 65 ms for asking the index for more and more neighbours (docs/BENCHMARKS.md).
 */
const IVF_CANDIDATES_FIRST_LIMIT = 250_000;

/**
 * Ranks photos for a query vector under an optional filter, choosing by selectivity:
 * a selective filter (few candidates) is applied first and only those vectors are scored; a broad
 * one lets the vector index answer and drops what fails the filter, asking for more neighbours
 * until enough pass, and scans exactly only when even the index's maximum is not enough.
 * Either way the work is bounded by the candidates or by the index, never by the whole library.
 */
export class FilteredRanking {
  private readonly candidatesFirstLimit: number | undefined;

  constructor(
    private readonly db: LibraryDb,
    private readonly vectorIndex: VectorIndex,
    private readonly towerRowId: number,
    options: FilteredRankingOptions = {},
  ) {
    this.candidatesFirstLimit = options.candidatesFirstLimit;
  }

  rank(query: Float32Array, filter: PhotoFilter | null, want: number): { ranked: RankedPhoto[]; plan: RankingPlan } {
    const scale = norm(query);
    const total = this.vectorIndex.count();
    if (want <= 0 || total === 0 || scale === 0) return { ranked: [], plan: { strategy: 'index', candidates: total, vectorsCompared: 0 } };
    if (!filter) {
      const ranked = this.fromIndex(query, scale, Math.min(want, INDEX_MAX_K));
      return { ranked, plan: { strategy: 'index', candidates: total, vectorsCompared: total } };
    }
    const candidatesFirstLimit = this.candidatesFirstLimit ?? (this.vectorIndex.kind === 'ivf' ? IVF_CANDIDATES_FIRST_LIMIT : CANDIDATES_FIRST_LIMIT);
    // Counted first: fetching the ids of a broad filter only to learn it is broad would cost more.
    const candidates = countFiltered(this.db, filter);
    if (candidates <= candidatesFirstLimit) {
      const ranked = toRanked(this.vectorIndex.search(query, want, { amongPhotoIds: new Set(filteredIds(this.db, filter)) }), scale);
      return { ranked, plan: { strategy: 'candidates-first', candidates, vectorsCompared: candidates } };
    }
    // Ask for enough neighbours that, at this filter's pass rate, `want` should survive; double until they do.
    let k = Math.min(INDEX_MAX_K, Math.ceil((want * total * 1.5) / Math.max(1, candidates)) + 16);
    for (;;) {
      const hits = this.fromIndex(query, scale, k);
      const passing = passingIds(
        this.db,
        filter,
        hits.map((hit) => hit.photoId),
      );
      const kept = hits.filter((hit) => passing.has(hit.photoId));
      if (kept.length >= want || hits.length < k) {
        return { ranked: kept.slice(0, want), plan: { strategy: 'index-then-filter', candidates, vectorsCompared: total } };
      }
      if (k >= INDEX_MAX_K) break;
      k = Math.min(INDEX_MAX_K, k * 2);
    }
    return { ranked: this.exactScan(query, scale, filter, want), plan: { strategy: 'exact-scan', candidates, vectorsCompared: candidates } };
  }

  /** Exact scores of these photos (those without a vector for this tower are left out). */
  scoreOf(query: Float32Array, photoIds: readonly number[]): Map<number, number> {
    const scores = new Map<number, number>();
    if (photoIds.length === 0) return scores;
    const rows = this.db
      .prepare<[number, string], { photoId: number; vector: Buffer }>(
        `SELECT photo_id AS photoId, vector FROM embeddings
         WHERE tower_row_id = ? AND photo_id IN (SELECT value FROM json_each(?))`,
      )
      .all(this.towerRowId, JSON.stringify(photoIds));
    for (const row of rows) scores.set(row.photoId, dot(query, unit(blobToFloat32(row.vector))));
    return scores;
  }

  private fromIndex(query: Float32Array, scale: number, k: number): RankedPhoto[] {
    return toRanked(this.vectorIndex.search(query, k), scale);
  }

  /**
   * Scores every candidate's stored vector exactly, keeping the best `want`. The candidates come
   * from the filter's own indexes first: a scan in photo-id order that tests the filter on each row
   * would read the whole library.
   */
  private exactScan(query: Float32Array, scale: number, filter: PhotoFilter, want: number): RankedPhoto[] {
    return toRanked(exactSearchAmong(this.db, embeddingsSource(this.towerRowId), unit(query), filteredIds(this.db, filter), want), scale);
  }
}

/** Index hits as ranked photos: the index ranks by cosine with the unit query; the score keeps the query's length (its weights). */
function toRanked(hits: readonly VectorHit[], scale: number): RankedPhoto[] {
  return hits.map((hit) => ({ photoId: hit.photoId, score: hit.similarity * scale }));
}
