/**
 * Pairs of photos whose image vectors are almost the same, across a whole library, without comparing
 * every pair: random-hyperplane hashing (SimHash). Each unit vector gets BANDS keys of BITS sign bits;
 * two vectors at angle θ agree on a bit with probability 1 − θ/π, so a pair at the duplicate threshold
 * (cosine 0.985, θ ≈ 10°) shares at least one key with probability ≈ 0.998, while photos that merely
 * look alike (θ ≥ 45°) rarely do. Only pairs that share a key are compared: first on 8-bit copies of the
 * vectors (a quarter of the memory of float32), then exactly on the stored vectors.
 */
import { dot, unit } from '../search/vector-math';
import { seededRandom } from '../../../src-common/seeded-random';

const BANDS = 12;
const BITS = 16;
/** Below the threshold by more than the 8-bit copies can be off: never a duplicate. */
const QUANTIZED_MARGIN = 0.01;
const YIELD_EVERY = 1_000;

export interface StoredVector {
  photoId: number;
  vector: Float32Array;
}

function hyperplanes(dim: number): Float32Array {
  const random = seededRandom(0x5eed + dim);
  // Gaussian coordinates (Box–Muller) make the planes' normals uniform in direction.
  return Float32Array.from({ length: BANDS * BITS * dim }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Every pair (lower photo id first) whose vectors' cosine is at least `threshold`. `exactVector` gives a
 * photo's stored vector again for the last check. Yields to the event loop now and then, so a large
 * library does not hold up the calls the process answers meanwhile.
 */
export async function nearDuplicatePairs(
  vectors: Iterable<StoredVector>,
  dim: number,
  threshold: number,
  exactVector: (photoId: number) => Float32Array | undefined,
): Promise<Array<[number, number]>> {
  const planes = hyperplanes(dim);
  const ids: number[] = [];
  const chunks: Int8Array[] = [];
  /** Each vector's key per band (BANDS per vector), to tell whether a pair already met in an earlier band. */
  const keys: number[] = [];
  const buckets = Array.from({ length: BANDS }, () => new Map<number, number[]>());
  let seen = 0;
  for (const { photoId, vector } of vectors) {
    if (vector.length !== dim) continue;
    const u = unit(vector);
    const row = ids.length;
    ids.push(photoId);
    chunks.push(Int8Array.from(u, (x) => Math.round(x * 127)));
    for (let band = 0; band < BANDS; band++) {
      let key = 0;
      for (let bit = 0; bit < BITS; bit++) {
        const offset = (band * BITS + bit) * dim;
        let side = 0;
        for (let d = 0; d < dim; d++) side += (planes[offset + d] as number) * (u[d] as number);
        key = (key << 1) | (side >= 0 ? 1 : 0);
      }
      keys.push(key);
      const bucket = buckets[band]?.get(key);
      if (bucket) bucket.push(row);
      else buckets[band]?.set(key, [row]);
    }
    if (++seen % YIELD_EVERY === 0) await nextTurn();
  }

  const pairs: Array<[number, number]> = [];
  const cutoff = (threshold - QUANTIZED_MARGIN) * 127 * 127;
  /** Whether rows a and b share a key in a band before `band` (then they were compared there). */
  const metBefore = (a: number, b: number, band: number): boolean => {
    for (let earlier = 0; earlier < band; earlier++) if (keys[a * BANDS + earlier] === keys[b * BANDS + earlier]) return true;
    return false;
  };
  let checks = 0;
  for (const [band, bandBuckets] of buckets.entries()) {
    for (const rows of bandBuckets.values()) {
      for (let i = 0; i < rows.length; i++) {
        for (let j = i + 1; j < rows.length; j++) {
          const a = rows[i] as number;
          const b = rows[j] as number;
          if (metBefore(a, b, band)) continue;
          if (++checks % (YIELD_EVERY * 100) === 0) await nextTurn();
          if (int8Dot(chunks[a] as Int8Array, chunks[b] as Int8Array) < cutoff) continue;
          const va = exactVector(ids[a] as number);
          const vb = exactVector(ids[b] as number);
          if (va && vb && dot(unit(va), unit(vb)) >= threshold) {
            const [first, second] = [ids[a] as number, ids[b] as number].sort((x, y) => x - y);
            pairs.push([first as number, second as number]);
          }
        }
      }
    }
  }
  return pairs;
}

function int8Dot(a: Int8Array, b: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
