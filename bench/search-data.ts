/**
 * Data for `npm run bench -- search`: unit vectors that cluster like real embeddings, queries drawn
 * near stored vectors, and the exact answers (the in-process scan that is also the baseline backend).
 */
import { seededRandom } from '../src-common/seeded-random';

export interface VectorSet {
  data: Float32Array;
  count: number;
  dim: number;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function normalizeRow(data: Float32Array, offset: number, dim: number): void {
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += (data[offset + d] as number) ** 2;
  norm = Math.sqrt(norm);
  for (let d = 0; d < dim; d++) data[offset + d] = (data[offset + d] as number) / norm;
}

/** `count` unit vectors around `clusters` random centres (within-cluster spread 0.45 of the centre scale), cluster sizes skewed like real albums. */
export function clusteredUnitVectors(count: number, dim: number, clusters: number, seed: number): VectorSet {
  const random = seededRandom(seed);
  const centers = new Float32Array(clusters * dim).map(() => gaussian(random));
  const data = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(clusters * random() ** 2); // skew: low-numbered clusters are larger
    for (let d = 0; d < dim; d++) data[i * dim + d] = (centers[c * dim + d] as number) + 0.45 * gaussian(random);
    normalizeRow(data, i * dim, dim);
  }
  return { data, count, dim };
}

/** Queries near stored vectors (a stored vector plus noise), as a text query lands near the photos it describes. */
export function queriesNear(set: VectorSet, count: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const row = Math.floor(random() * set.count);
    const query = Float32Array.from(set.data.subarray(row * set.dim, (row + 1) * set.dim), (x) => x + 0.03 * gaussian(random));
    normalizeRow(query, 0, set.dim);
    return query;
  });
}

/** Exact top-k rows by cosine over all rows, or only over `rows` when given: the plain typed-array scan. */
export function scanTopK(set: VectorSet, query: Float32Array, k: number, rows?: Int32Array): number[] {
  const { data, dim } = set;
  const bestScore = new Float64Array(k).fill(-Infinity);
  const bestRow = new Int32Array(k).fill(-1);
  const visit = (row: number) => {
    let dot = 0;
    const offset = row * dim;
    for (let d = 0; d < dim; d++) dot += (data[offset + d] as number) * (query[d] as number);
    if (dot <= (bestScore[k - 1] as number)) return;
    let i = k - 1;
    while (i > 0 && (bestScore[i - 1] as number) < dot) {
      bestScore[i] = bestScore[i - 1] as number;
      bestRow[i] = bestRow[i - 1] as number;
      i--;
    }
    bestScore[i] = dot;
    bestRow[i] = row;
  };
  if (rows) for (const row of rows) visit(row);
  else for (let row = 0; row < set.count; row++) visit(row);
  return [...bestRow].filter((row) => row >= 0);
}
