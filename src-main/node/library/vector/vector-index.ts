import type { VectorBackendName } from '../../../../src-common/contract';

export type { VectorBackendName };

export interface VectorItem {
  photoId: number;
  /** Raw model output; the index keeps its own L2-normalized copy. */
  vector: Float32Array;
}

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
  readonly dim: number;
  /** Adds the photos' vectors, replacing any they had. */
  upsert(items: ReadonlyArray<VectorItem>): void;
  /** Unknown ids are ignored. */
  remove(photoIds: readonly number[]): void;
  /** At most `limit` hits (the vec backend answers at most 4096), closest first. */
  search(query: Float32Array, limit: number): VectorHit[];
  count(): number;
  /** Replaces the whole index with these vectors, in one transaction. */
  rebuildFrom(embeddings: Iterable<VectorItem>): void;
  dispose(): void;
}
