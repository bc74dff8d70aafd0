/**
 * Scalar int8 codes of unit vectors: each component × 127, rounded. A unit vector's components lie
 * in [-1, 1], so no clipping is needed, and the code costs a quarter of float32 (512 MB for 1M × 512-d),
 * which is what lets the IVF index keep every list in memory within the 1.5 GB budget. Ranking by
 * code is approximate; hits are re-scored against the exact float32 vectors.
 */
export const INT8_SCALE = 127;

export function encodeInt8(unit: Float32Array, out: Int8Array, offset: number): void {
  for (let d = 0; d < unit.length; d++) out[offset + d] = Math.round((unit[d] as number) * INT8_SCALE);
}

/** Dot product of a float query with the code at `offset` (unscaled: compare, do not report). */
export function dotInt8(query: Float32Array, codes: Int8Array, offset: number): number {
  let sum = 0;
  const dim = query.length;
  for (let d = 0; d < dim; d++) sum += (query[d] as number) * (codes[offset + d] as number);
  return sum;
}

export function dotFloat(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += (a[aOffset + d] as number) * (b[bOffset + d] as number);
  return sum;
}
