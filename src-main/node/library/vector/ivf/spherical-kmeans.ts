import { seededRandom } from '../../../../../src-common/seeded-random';
import { dotFloat } from './dot-product';

/** Row-major unit vectors: `count` rows of `dim` floats. */
export interface VectorRows {
  data: Float32Array;
  count: number;
  dim: number;
}

export function nearestRow(rows: Float32Array, first: number, end: number, dim: number, vector: Float32Array, vectorOffset: number): number {
  let best = first;
  let bestScore = -Infinity;
  for (let c = first; c < end; c++) {
    const score = dotFloat(rows, c * dim, vector, vectorOffset, dim);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** Spherical k-means (cosine): `k` unit centroids of the points, seeded from random points. */
export function sphericalKmeans(points: VectorRows, k: number, iterations: number, random: () => number): Float32Array {
  const { data, count, dim } = points;
  const centroids = new Float32Array(k * dim);
  const seedPoint = () => Math.floor(random() * count);
  for (let c = 0; c < k; c++) {
    const p = seedPoint();
    centroids.set(data.subarray(p * dim, p * dim + dim), c * dim);
  }
  const assignment = new Int32Array(count);
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let p = 0; p < count; p++) assignment[p] = nearestRow(centroids, 0, k, dim, data, p * dim);
    const sums = new Float64Array(k * dim);
    const sizes = new Int32Array(k);
    for (let p = 0; p < count; p++) {
      const c = assignment[p] as number;
      sizes[c] = (sizes[c] as number) + 1;
      for (let d = 0; d < dim; d++) sums[c * dim + d] = (sums[c * dim + d] as number) + (data[p * dim + d] as number);
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        const p = seedPoint(); // an empty list is wasted probe budget: move it onto a random point
        centroids.set(data.subarray(p * dim, p * dim + dim), c * dim);
        continue;
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += (sums[c * dim + d] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dim; d++) centroids[c * dim + d] = (sums[c * dim + d] as number) / norm;
    }
  }
  return centroids;
}

/**
 * IVF list centroids trained in two levels: `top` coarse groups, then each group's points split into
 * its share of the lists. Assigning a vector then costs top + lists/top dot products instead of
 * `lists` — about 64 instead of 1000 at 1M photos — which is what makes a 1M build minutes, not an hour.
 */
export interface TwoLevelCentroids {
  top: Float32Array;
  topCount: number;
  /** All list centroids, grouped by top group: group g owns lists [groupStart[g], groupStart[g + 1]). */
  lists: Float32Array;
  listCount: number;
  groupStart: Int32Array;
}

export function trainTwoLevel(sample: VectorRows, listCount: number, seed: number, iterations = 6): TwoLevelCentroids {
  const { dim } = sample;
  const random = seededRandom(seed);
  const topCount = Math.max(1, Math.min(sample.count, Math.round(Math.sqrt(listCount))));
  const top = sphericalKmeans(sample, topCount, iterations, random);
  const members: number[][] = Array.from({ length: topCount }, () => []);
  for (let p = 0; p < sample.count; p++) members[nearestRow(top, 0, topCount, dim, sample.data, p * dim)]?.push(p);
  const groupStart = new Int32Array(topCount + 1);
  const parts: Float32Array[] = [];
  let total = 0;
  members.forEach((group, g) => {
    // Lists are shared out by group size, at least one per non-empty group.
    const share = group.length === 0 ? 0 : Math.max(1, Math.min(group.length, Math.round((listCount * group.length) / sample.count)));
    const rows = new Float32Array(group.length * dim);
    group.forEach((p, i) => rows.set(sample.data.subarray(p * dim, p * dim + dim), i * dim));
    parts.push(share === 0 ? new Float32Array(0) : sphericalKmeans({ data: rows, count: group.length, dim }, share, iterations, random));
    groupStart[g] = total;
    total += share;
  });
  groupStart[topCount] = total;
  const lists = new Float32Array(total * dim);
  let offset = 0;
  for (const part of parts) {
    lists.set(part, offset);
    offset += part.length;
  }
  return { top, topCount, lists, listCount: total, groupStart };
}

/** The list of a vector, through its nearest top group (may differ from the globally nearest list; recall is measured with it). */
export function assignTwoLevel(centroids: TwoLevelCentroids, dim: number, vector: Float32Array, offset: number): number {
  const g = nearestRow(centroids.top, 0, centroids.topCount, dim, vector, offset);
  const first = centroids.groupStart[g] as number;
  const end = centroids.groupStart[g + 1] as number;
  if (end === first) return nearestRow(centroids.lists, 0, centroids.listCount, dim, vector, offset);
  return nearestRow(centroids.lists, first, end, dim, vector, offset);
}
