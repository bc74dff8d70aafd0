/** Small dense-vector helpers for query composition and exact scoring. */

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** A unit-length copy; a zero vector stays zero (it has no direction to keep). */
export function unit(a: Float32Array): Float32Array {
  const length = norm(a);
  return length === 0 ? new Float32Array(a.length) : a.map((value) => value / length);
}

export function cosine(a: Float32Array, b: Float32Array): number {
  const lengths = norm(a) * norm(b);
  return lengths === 0 ? 0 : dot(a, b) / lengths;
}

/** Σ weight·vector over equal-length vectors. */
export function weightedSum(parts: ReadonlyArray<{ vector: Float32Array; weight: number }>, dim: number): Float32Array {
  const sum = new Float32Array(dim);
  for (const { vector, weight } of parts) {
    for (let i = 0; i < dim; i++) sum[i] = (sum[i] ?? 0) + weight * (vector[i] ?? 0);
  }
  return sum;
}

export function meanOfUnits(vectors: readonly Float32Array[], dim: number): Float32Array {
  return weightedSum(
    vectors.map((vector) => ({ vector: unit(vector), weight: 1 / vectors.length })),
    dim,
  );
}
