import type { VectorBackendName } from '../../../../src-common/contract';

export type { VectorBackendName };

export interface VectorItem {
  photoId: number;
  /** Raw model output; the index keeps its own L2-normalized copy. */
  vector: Float32Array;
}

/**
 * Restricts a search to some photos — how search filters (folder, date range, camera, tags) reach
 * the index. The caller turns its filter into candidate photo ids with SQL, then every backend:
 * - at most `EXACT_CANDIDATE_LIMIT` candidates: scores exactly those photos' stored float32
 *   embeddings (no index involved; 10k candidates ≈ 20 MB read, a few tens of ms at 512-d), so a
 *   filtered search is exact and never comes back short because the filter was selective;
 * - more: pushes the set into the index's own scan (sqlite-vec `rowid IN`, IVF probes skip
 *   non-candidates and probe further until enough candidates were seen; sqlite-vss scores exactly).
 * Hits are always candidates; photos not in the index are ignored.
 */
export interface VectorSearchOptions {
  amongPhotoIds?: ReadonlySet<number>;
}

/** Above this many candidates a filtered search goes through the index rather than scoring each candidate. */
export const EXACT_CANDIDATE_LIMIT = 20_000;

/** How the vectors are searched: exact float32 scans, or inverted lists of compact codes re-scored with the stored float32 embeddings. */
export type VectorIndexKind = 'vec-exact' | 'vss-flat' | 'ivf';

/** Vectors to (re)build an index from; each call reads them afresh (an IVF build reads them twice). */
export type VectorItems = () => Iterable<VectorItem>;

export interface VectorHit {
  photoId: number;
  /** Euclidean distance between the L2-normalized vectors, in [0, 2]; smaller is closer. */
  distance: number;
  /** Cosine similarity between the query and the photo, in [-1, 1]. */
  similarity: number;
}

/**
 * Nearest-neighbour search over one image tower's vectors, keyed by photo id. Backends store
 * L2-normalized vectors, so their L2 ranking is the cosine ranking. The `embeddings` table stays the
 * source of truth: an index can always be rebuilt from it.
 */
export interface VectorIndex {
  readonly backend: VectorBackendName;
  readonly kind: VectorIndexKind;
  readonly dim: number;
  /** Adds the photos' vectors, replacing any they had. */
  upsert(items: ReadonlyArray<VectorItem>): void;
  /** Unknown ids are ignored. */
  remove(photoIds: readonly number[]): void;
  /** At most `limit` hits (the vec backend answers at most 4096), closest first. */
  search(query: Float32Array, limit: number, options?: VectorSearchOptions): VectorHit[];
  count(): number;
  /** Replaces the whole index with these vectors, in one transaction. */
  rebuildFrom(embeddings: VectorItems): void;
  dispose(): void;
}
