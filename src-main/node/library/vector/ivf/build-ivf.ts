import { toUnitVector } from '../unit-vector';
import type { VectorItems } from '../vector-index';
import type { IvfListStore } from './ivf-lists';
import { codeBytes, encodeResidual, trainQuantizer } from './residual-codes';
import { seededRandom } from '../../../../../src-common/seeded-random';
import { assignTwoLevel, trainTwoLevel } from './spherical-kmeans';

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
 * Two passes over the vectors, holding no float32 copy of them: the first keeps a reservoir sample,
 * on which the centroids and the code grid are trained; the second assigns each vector to its list
 * and codes its residual (N × dim / 2 bytes, the only large allocation: 256 MB at 1M × 512-d); then
 * the lists are written one at a time with their members. The second pass decides what the index
 * holds (a background rebuild reads a library that may change between passes; the swap applies
 * changes logged meanwhile). `onWrite` hears of each write with its size in vectors (a background
 * rebuild commits in small batches through it).
 */
export function buildIvf(store: IvfListStore, items: VectorItems, options: IvfBuildOptions, onWrite?: WriteObserver): void {
  const dim = store.dim;
  const sampleSize = options.trainingSample ?? DEFAULT_TRAINING_SAMPLE;
  const sample = new Float32Array(sampleSize * dim);
  const random = seededRandom(0x1f2e3d);
  let seen = 0;
  for (const { photoId, vector } of items()) {
    const unit = toUnitVector(vector, dim, `the vector of photo ${photoId}`);
    if (seen < sampleSize) sample.set(unit, seen * dim);
    else {
      const slot = Math.floor(random() * (seen + 1));
      if (slot < sampleSize) sample.set(unit, slot * dim);
    }
    seen++;
  }
  if (seen === 0) return;

  const trainingRows = Math.min(seen, sampleSize);
  const training = { data: sample.subarray(0, trainingRows * dim), count: trainingRows, dim };
  const centroids = trainTwoLevel(training, options.listCount ?? defaultListCount(seen), 0x5eed);
  for (let row = 0; row < trainingRows; row++) {
    const listId = assignTwoLevel(centroids, dim, sample, row * dim);
    for (let d = 0; d < dim; d++) sample[row * dim + d] = (sample[row * dim + d] as number) - (centroids.lists[listId * dim + d] as number);
  }
  const quantizer = trainQuantizer(sample, trainingRows, dim);

  const bytes = codeBytes(dim);
  const chunks: Uint8Array[] = [];
  const photoIds: number[] = [];
  const listOf: number[] = [];
  for (const { photoId, vector } of items()) {
    const unit = toUnitVector(vector, dim, `the vector of photo ${photoId}`);
    const row = photoIds.length;
    if (row % ROWS_PER_CHUNK === 0) chunks.push(new Uint8Array(ROWS_PER_CHUNK * bytes));
    const listId = assignTwoLevel(centroids, dim, unit, 0);
    encodeResidual(quantizer, unit, centroids.lists, listId * dim, chunks[chunks.length - 1] as Uint8Array, (row % ROWS_PER_CHUNK) * bytes);
    photoIds.push(photoId);
    listOf.push(listId);
  }

  const rowsByList: number[][] = Array.from({ length: centroids.listCount }, () => []);
  listOf.forEach((listId, row) => rowsByList[listId]?.push(row));
  rowsByList.forEach((rows, listId) => {
    const ids = new Float64Array(rows.length);
    const codes = new Uint8Array(rows.length * bytes);
    rows.forEach((row, i) => {
      ids[i] = photoIds[row] as number;
      const chunk = chunks[Math.floor(row / ROWS_PER_CHUNK)] as Uint8Array;
      const offset = (row % ROWS_PER_CHUNK) * bytes;
      codes.set(chunk.subarray(offset, offset + bytes), i * bytes);
      store.setMember(ids[i] as number, listId);
      onWrite?.(1);
    });
    store.writeList(listId, centroids.lists.subarray(listId * dim, (listId + 1) * dim), { photoIds: ids, codes });
    onWrite?.(rows.length);
  });
  store.setQuantizer(quantizer, photoIds.length);
}
