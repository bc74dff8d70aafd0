import { LumenFailure } from '../../../../src-common/result';
import type { VectorHit, VectorItem } from './vector-index';

/** Checks the vector fits the index and returns an L2-normalized copy, so that L2 order equals cosine order. */
export function toUnitVector(vector: Float32Array, dim: number, what: string): Float32Array {
  if (vector.length !== dim) {
    throw new LumenFailure('vector-dimension-mismatch', `${what} has ${vector.length} dimensions, but this index holds ${dim}-dimensional vectors`);
  }
  let squaredNorm = 0;
  for (const value of vector) squaredNorm += value * value;
  if (!Number.isFinite(squaredNorm) || squaredNorm === 0) {
    throw new LumenFailure('bad-vector', `${what} is ${squaredNorm === 0 ? 'all zeros' : 'not finite'} and has no direction to compare`);
  }
  const norm = Math.sqrt(squaredNorm);
  return vector.map((value) => value / norm);
}

/** Validates every item before anything is written (an index must not be left half-updated) and keeps the last vector given per photo. */
export function unitVectorsByPhoto(items: ReadonlyArray<VectorItem>, dim: number): Map<number, Float32Array> {
  const byPhoto = new Map<number, Float32Array>();
  for (const { photoId, vector } of items) {
    if (!Number.isSafeInteger(photoId)) throw new LumenFailure('bad-argument', `photo id ${photoId} is not an integer`);
    byPhoto.set(photoId, toUnitVector(vector, dim, `the vector of photo ${photoId}`));
  }
  return byPhoto;
}

/** For unit vectors, |a - b|² = 2 - 2·cos(a, b). */
export function hitFromSquaredDistance(photoId: number, squaredDistance: number): VectorHit {
  const clamped = Math.min(4, Math.max(0, squaredDistance));
  return { photoId, distance: Math.sqrt(clamped), similarity: 1 - clamped / 2 };
}

/** Whole, non-negative number of hits to ask a backend for. */
export function hitLimit(limit: number, cap: number): number {
  if (!Number.isFinite(limit) || limit <= 0) return 0;
  return Math.min(Math.floor(limit), cap);
}
