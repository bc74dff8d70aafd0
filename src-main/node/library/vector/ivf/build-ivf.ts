import { toUnitVector } from '../unit-vector';
import type { VectorItem } from '../vector-index';
import { encodeInt8, INT8_SCALE } from './int8-codes';
import type { IvfListStore } from './ivf-lists';
import { assignTwoLevel, seededRandom, trainTwoLevel } from './spherical-kmeans';

export interface IvfBuildOptions {
  /** Lists to train; default ≈ √N (1000 at 1M), the usual IVF balance of centroid cost against list length. */
  listCount?: number;
  /** Vectors the centroids are trained on (a uniform reservoir sample); more costs build time, not memory. */
  trainingSample?: number;
}

/** Told of each write the build makes, with how many vectors it wrote. */
export type WriteObserver = (vectors: number) => void;

const DEFAULT_TRAINING_SAMPLE = 16_384;
const ROWS_PER_CHUNK = 65_536;

export function defaultListCount(vectorCount: number): number {
  return Math.max(1, Math.min(4096, Math.round(Math.sqrt(vectorCount))));
}

/**
 * One pass over the vectors: store each one's float32 copy, int8-encode it (N × dim bytes, the only
 * large allocation) and keep a reservoir sample of float vectors; train the centroids on the sample, then assign each
 * vector by its code (the int8 rounding barely moves a vector relative to its centroids) and write
 * the lists one at a time, so peak memory stays ≈ N × dim bytes. `onWrite` hears of each write
 * with its size in vectors (a background rebuild commits in small batches through it).
 */
export function buildIvf(store: IvfListStore, embeddings: Iterable<VectorItem>, options: IvfBuildOptions, onWrite?: WriteObserver): void {
  const dim = store.dim;
  const sampleSize = options.trainingSample ?? DEFAULT_TRAINING_SAMPLE;
  const sample = new Float32Array(sampleSize * dim);
  const random = seededRandom(0x1f2e3d);
  const chunks: Int8Array[] = [];
  const photoIds: number[] = [];
  for (const { photoId, vector } of embeddings) {
    const unit = toUnitVector(vector, dim, `the vector of photo ${photoId}`);
    const row = photoIds.length;
    if (row % ROWS_PER_CHUNK === 0) chunks.push(new Int8Array(ROWS_PER_CHUNK * dim));
    encodeInt8(unit, chunks[chunks.length - 1] as Int8Array, (row % ROWS_PER_CHUNK) * dim);
    if (row < sampleSize) sample.set(unit, row * dim);
    else {
      const slot = Math.floor(random() * (row + 1));
      if (slot < sampleSize) sample.set(unit, slot * dim);
    }
    photoIds.push(photoId);
    store.setMember(photoId, -1, unit); // its list is known once the centroids are trained
    onWrite?.(1);
  }
  const count = photoIds.length;
  if (count === 0) return;

  const trainingRows = Math.min(count, sampleSize);
  const centroids = trainTwoLevel({ data: sample.subarray(0, trainingRows * dim), count: trainingRows, dim }, options.listCount ?? defaultListCount(count), 0x5eed);
  const listOf = new Int32Array(count);
  const decoded = new Float32Array(dim);
  for (let row = 0; row < count; row++) {
    const codes = chunks[Math.floor(row / ROWS_PER_CHUNK)] as Int8Array;
    const offset = (row % ROWS_PER_CHUNK) * dim;
    for (let d = 0; d < dim; d++) decoded[d] = (codes[offset + d] as number) / INT8_SCALE;
    listOf[row] = assignTwoLevel(centroids, dim, decoded, 0);
  }

  const rowsByList: number[][] = Array.from({ length: centroids.listCount }, () => []);
  for (let row = 0; row < count; row++) rowsByList[listOf[row] as number]?.push(row);
  rowsByList.forEach((rows, listId) => {
    const ids = new Float64Array(rows.length);
    const codes = new Int8Array(rows.length * dim);
    rows.forEach((row, i) => {
      ids[i] = photoIds[row] as number;
      const chunk = chunks[Math.floor(row / ROWS_PER_CHUNK)] as Int8Array;
      const offset = (row % ROWS_PER_CHUNK) * dim;
      codes.set(chunk.subarray(offset, offset + dim), i * dim);
      store.setMemberList(ids[i] as number, listId);
      onWrite?.(1);
    });
    store.writeList(listId, centroids.lists.subarray(listId * dim, (listId + 1) * dim), { photoIds: ids, codes });
    onWrite?.(rows.length);
  });
  store.setTrainedOn(count);
}
