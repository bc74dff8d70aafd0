/**
 * Unsupervised calibration of one tag's zero-shot scores over a library: a two-component Gaussian
 * mixture fitted by EM to the photos' cosines with the tag, one component for photos without the
 * tag and one (higher mean) for photos with it. The posterior of the upper component is the
 * probability; it is then summarised as a logistic curve p = σ(a·cos + b), which the few-shot
 * model starts from.
 */
export { sigmoid } from '../model/match-probability';

export interface LogisticCurve {
  a: number;
  b: number;
}

interface Component {
  weight: number;
  mean: number;
  variance: number;
}

const EM_ITERATIONS = 100;
/** Keeps a component from collapsing onto a few identical scores. */
const MIN_VARIANCE = 1e-5;

function density(c: Component, x: number): number {
  return (c.weight / Math.sqrt(2 * Math.PI * c.variance)) * Math.exp(-((x - c.mean) ** 2) / (2 * c.variance));
}

function moments(values: readonly number[], weights: readonly number[]): Component {
  const total = weights.reduce((a, b) => a + b, 0) || 1e-12;
  const mean = values.reduce((sum, v, i) => sum + (weights[i] ?? 0) * v, 0) / total;
  const variance = values.reduce((sum, v, i) => sum + (weights[i] ?? 0) * (v - mean) ** 2, 0) / total;
  return { weight: total / values.length, mean, variance: Math.max(variance, MIN_VARIANCE) };
}

/** Fits the mixture and returns the logistic curve of the upper component's posterior. */
export function calibrateScores(scores: readonly number[], fallback: LogisticCurve): LogisticCurve {
  if (scores.length < 8) return fallback;
  const sorted = [...scores].sort((x, y) => x - y);
  // Start: the top fifth "has the tag"; EM moves the split to where the data says.
  const cut = sorted[Math.floor(sorted.length * 0.8)] ?? 0;
  let low = moments(
    scores,
    scores.map((s) => (s < cut ? 1 : 0)),
  );
  let high = moments(
    scores,
    scores.map((s) => (s >= cut ? 1 : 0)),
  );
  for (let iteration = 0; iteration < EM_ITERATIONS; iteration++) {
    const responsibility = scores.map((s) => {
      const h = density(high, s);
      const l = density(low, s);
      return h + l === 0 ? (s >= cut ? 1 : 0) : h / (h + l);
    });
    high = moments(scores, responsibility);
    low = moments(
      scores,
      responsibility.map((r) => 1 - r),
    );
  }
  if (!(high.mean > low.mean) || high.weight < 1e-3 || low.weight < 1e-3) return fallback;
  // The log posterior ratio of two Gaussians is quadratic; with a shared (pooled) variance it is
  // linear, which keeps the probability monotonic in the score.
  const pooled = high.weight * high.variance + low.weight * low.variance;
  const a = (high.mean - low.mean) / pooled;
  const b = Math.log(high.weight / low.weight) - (high.mean ** 2 - low.mean ** 2) / (2 * pooled);
  return { a, b };
}
