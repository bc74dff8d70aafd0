/** Vectors that cluster like real embeddings (not uniform noise), and queries drawn near them. */
import { seededRandom } from '../src-common/seeded-random';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function clusteredVectors(count: number, dim: number, clusters: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const centers = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, () => gaussian(random)));
  return Array.from({ length: count }, () => {
    const center = centers[Math.floor(random() * clusters)] as Float32Array;
    return Float32Array.from(center, (c) => c + 0.45 * gaussian(random));
  });
}

export function normalize(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}

/** Exact top-k by cosine, the ground truth for recall. */
export function exactTopK(unitVectors: Float32Array[], query: Float32Array, k: number): number[] {
  const q = normalize(query);
  const scored = unitVectors.map((v, i) => {
    let dot = 0;
    for (let d = 0; d < v.length; d++) dot += (v[d] as number) * (q[d] as number);
    return { i, dot };
  });
  scored.sort((a, b) => b.dot - a.dot);
  return scored.slice(0, k).map((s) => s.i);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
