/** Dot product of `dim` floats of `a` from `aOffset` with `dim` floats of `b` from `bOffset`. */
export function dotFloat(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += (a[aOffset + d] as number) * (b[bOffset + d] as number);
  return sum;
}
