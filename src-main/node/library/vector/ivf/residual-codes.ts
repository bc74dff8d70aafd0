/**
 * The IVF index's codes: each vector's residual from its list centroid, 4 bits per dimension (two
 * dimensions a byte, low nibble first), on a per-dimension grid trained on a sample of residuals.
 * Residuals are much smaller than the vectors, so 16 levels rank the probed vectors nearly as well
 * as int8 codes of the whole vector did, at an eighth of float32: 64 MB for 1M × 512-d. Measured
 * (docs/BENCHMARKS.md): at 100k × 512 the same recall@10 with 100 re-scored; at 1M, where a query's
 * neighbours sit among more photos, re-scoring 2% of the scanned candidates gives it back (see
 * `IvfSearchTuning.rescoreShare`). Scores are approximate; hits are re-scored against the stored embeddings.
 *
 * The layout is stored in the library (`CODE_FORMAT` in the index's meta table): changing how codes
 * are made or read needs a migration that converts existing indexes.
 */
export const CODE_FORMAT = 2;

const LEVELS = 16;
/** The grid spans these quantiles of (up to QUANTILE_ROWS) sample residuals per dimension, nearly all of them; the rare values outside are clamped. */
const LOW_QUANTILE = 0.0002;
const QUANTILE_ROWS = 4096;

/** Per dimension: the grid's lower edge and its step (a code c stands for low + (c + 0.5) × step). */
export interface ResidualQuantizer {
  low: Float32Array;
  step: Float32Array;
}

export function codeBytes(dim: number): number {
  return Math.ceil(dim / 2);
}

/**
 * For an index trained on nothing yet: residuals of unit vectors from a centroid they were assigned
 * to, whose components spread about √(2/dim), gridded over ±3 of that.
 */
export function defaultQuantizer(dim: number): ResidualQuantizer {
  const spread = 3 * Math.sqrt(2 / dim);
  return { low: new Float32Array(dim).fill(-spread), step: new Float32Array(dim).fill((2 * spread) / LEVELS) };
}

/** Grids each dimension between the low and high quantiles of `rows` sample residuals (row-major, `dim` wide). */
export function trainQuantizer(residuals: Float32Array, rows: number, dim: number): ResidualQuantizer {
  if (rows === 0) return defaultQuantizer(dim);
  const stride = Math.max(1, Math.floor(rows / QUANTILE_ROWS));
  const used = Math.ceil(rows / stride);
  const column = new Float32Array(used);
  const low = new Float32Array(dim);
  const step = new Float32Array(dim);
  const lowAt = Math.floor(LOW_QUANTILE * (used - 1));
  const highAt = used - 1 - lowAt;
  for (let d = 0; d < dim; d++) {
    for (let i = 0; i < used; i++) column[i] = residuals[i * stride * dim + d] as number;
    column.sort();
    const from = column[lowAt] as number;
    const to = column[highAt] as number;
    // A dimension where every residual is the same still needs a step a value can be placed on.
    const width = Math.max(to - from, 1e-6);
    low[d] = from - (width - (to - from)) / 2;
    step[d] = width / LEVELS;
  }
  return { low, step };
}

/** Writes the code of `unit − centroid` (the centroid at `centroidOffset` in `centroids`) at `offset` in `out`. */
export function encodeResidual(
  quantizer: ResidualQuantizer,
  unit: Float32Array,
  centroids: Float32Array,
  centroidOffset: number,
  out: Uint8Array,
  offset: number,
): void {
  const dim = unit.length;
  for (let d = 0; d < dim; d += 2) {
    const low = level(quantizer, d, (unit[d] as number) - (centroids[centroidOffset + d] as number));
    const high = d + 1 < dim ? level(quantizer, d + 1, (unit[d + 1] as number) - (centroids[centroidOffset + d + 1] as number)) : 0;
    out[offset + (d >> 1)] = low | (high << 4);
  }
}

function level(quantizer: ResidualQuantizer, d: number, value: number): number {
  const code = Math.floor((value - (quantizer.low[d] as number)) / (quantizer.step[d] as number));
  return code < 0 ? 0 : code >= LEVELS ? LEVELS - 1 : code;
}

/**
 * A query's scoring table: the dot product of the query with a code's residual is the sum, over the
 * code's bytes, of `table[byte index × 256 + byte]` plus `base`, one lookup per two dimensions.
 * Adding the query's dot product with the list centroid gives the approximate cosine.
 */
export interface QueryTable {
  table: Float32Array;
  base: number;
  bytes: number;
}

export function queryTable(quantizer: ResidualQuantizer, unitQuery: Float32Array): QueryTable {
  const { low, step } = quantizer;
  const dim = unitQuery.length;
  const bytes = codeBytes(dim);
  const table = new Float32Array(bytes * 256);
  let base = 0;
  for (let d = 0; d < dim; d++) base += (unitQuery[d] as number) * ((low[d] as number) + 0.5 * (step[d] as number));
  for (let j = 0; j < bytes; j++) {
    const lowWeight = (unitQuery[2 * j] as number) * (step[2 * j] as number);
    const highWeight = 2 * j + 1 < dim ? (unitQuery[2 * j + 1] as number) * (step[2 * j + 1] as number) : 0;
    for (let byte = 0; byte < 256; byte++) table[j * 256 + byte] = lowWeight * (byte & 15) + highWeight * (byte >> 4);
  }
  return { table, base, bytes };
}

/** The query's dot product with the residual coded at `offset` (add the centroid's for the whole vector). */
export function residualScore(query: QueryTable, codes: Uint8Array, offset: number): number {
  const { table, bytes } = query;
  let sum = query.base;
  for (let j = 0; j < bytes; j++) sum += table[(j << 8) | (codes[offset + j] as number)] as number;
  return sum;
}
