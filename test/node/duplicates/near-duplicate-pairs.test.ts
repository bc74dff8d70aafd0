/**
 * Near-identical vectors found by hashing give the same pairs as comparing every pair: planted copies
 * just above the duplicate threshold are all found, copies just below it and unrelated vectors never.
 */
import { describe, expect, it } from 'vitest';
import { nearDuplicatePairs, type StoredVector } from '../../../src-main/node/duplicates/near-duplicate-pairs';
import { DUPLICATE_COSINE } from '../../../src-main/node/search/duplicate-groups';
import { dot, unit } from '../../../src-main/node/search/vector-math';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** A unit vector at exactly `cosine` from `base` (unit), in a random direction. */
function atCosine(base: Float32Array, cosine: number, next: () => number): Float32Array {
  const other = unit(Float32Array.from(base, () => next() - 0.5));
  const along = dot(other, base);
  const across = unit(other.map((x, i) => x - along * (base[i] as number)));
  const sine = Math.sqrt(1 - cosine * cosine);
  return base.map((x, i) => cosine * x + sine * (across[i] as number));
}

describe('near-duplicate pairs', () => {
  it('are exactly the pairs at or above the threshold, as comparing every pair finds them', async () => {
    const next = random(7);
    const dim = 64;
    const vectors: StoredVector[] = [];
    // Loose clusters, like photos of a few subjects, with copies just above and just below the threshold.
    const centres = Array.from({ length: 8 }, () => unit(Float32Array.from({ length: dim }, () => next() - 0.5)));
    for (let i = 0; i < 600; i++) {
      const centre = centres[i % centres.length] as Float32Array;
      const photo = atCosine(centre, 0.8, next);
      vectors.push({ photoId: vectors.length + 1, vector: photo });
      if (i % 10 === 0) vectors.push({ photoId: vectors.length + 1, vector: atCosine(photo, 0.9875, next) });
      if (i % 10 === 5) vectors.push({ photoId: vectors.length + 1, vector: atCosine(photo, 0.975, next) });
    }
    const everyPair: Array<[number, number]> = [];
    for (const [i, a] of vectors.entries()) {
      for (const b of vectors.slice(i + 1)) if (dot(unit(a.vector), unit(b.vector)) >= DUPLICATE_COSINE) everyPair.push([a.photoId, b.photoId]);
    }
    const byId = new Map(vectors.map((v) => [v.photoId, v.vector]));
    const found = await nearDuplicatePairs(vectors, dim, DUPLICATE_COSINE, (id) => byId.get(id));
    expect(everyPair).toHaveLength(60);
    expect(found.sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(everyPair);
  });
});
