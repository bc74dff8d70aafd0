/** The two ways the default (`vec`) backend can hold a tower's vectors. */
export type VecLayout = 'vec-exact' | 'ivf';

export interface VectorLayoutThresholds {
  /** From this many vectors on, an exact scan costs more than the latency goal (≈10 ms at 20k × 512-d on 2 cores): use IVF. */
  ivfAtOrAbove: number;
  /** Back to exact below this; lower than `ivfAtOrAbove` so a library hovering near it does not rebuild back and forth. */
  exactBelow: number;
  /** Retrain the IVF centroids once the library has grown this many times past what they were trained on. */
  retrainGrowth: number;
}

export const DEFAULT_LAYOUT_THRESHOLDS: VectorLayoutThresholds = { ivfAtOrAbove: 20_000, exactBelow: 10_000, retrainGrowth: 2 };

/** The layout a library of `count` vectors should have, given the one it has now. */
export function chooseVecLayout(count: number, current: VecLayout | undefined, thresholds: VectorLayoutThresholds = DEFAULT_LAYOUT_THRESHOLDS): VecLayout {
  if (current === 'ivf') return count < thresholds.exactBelow ? 'vec-exact' : 'ivf';
  return count >= thresholds.ivfAtOrAbove ? 'ivf' : 'vec-exact';
}

/**
 * Whether IVF centroids trained on `trainedOn` vectors still fit `count`: lists grow as photos are
 * added to the nearest existing centroid, and a probe's cost grows with them.
 */
export function ivfNeedsRetraining(count: number, trainedOn: number, thresholds: VectorLayoutThresholds = DEFAULT_LAYOUT_THRESHOLDS): boolean {
  if (trainedOn === 0) return count > 0;
  return count > trainedOn * thresholds.retrainGrowth;
}
