/**
 * A tag's zero-shot probability curve p = σ(a·cos + b), before any photo has been accepted or
 * rejected, from the library's scores with the tag's text alone (Efron's two-groups model).
 *
 * Most photos do not have a given tag, so the bulk of the scores is its background: centred on
 * their median with their robust deviation (search/match-calibration.ts) they follow a null
 * density φ. Where the scores' actual density f rises above π₀·φ (π₀ the background's share),
 * the excess is photos with the tag: the probability of the tag at a score is 1 − π₀·φ/f (the local
 * false discovery rate's complement). A curve σ(a·cos + b) is then fitted to those probabilities,
 * held near the model's own curve — the slope exp(logit_scale) and a midpoint CLOSE_MATCH_DEVIATIONS
 * deviations out — so that a tag with nothing standing out (a word the model cannot read: horse,
 * camera) stays near 0 instead of calling its highest photos certain, and a tag whose photos stand
 * far out gets the steeper curve its scores show.
 */
import { calibrateMatch } from '../search/match-calibration';
import { sigmoid, type ScoreRule } from '../model/match-probability';

export { sigmoid };

export interface LogisticCurve {
  a: number;
  b: number;
}

/** Scores looked at (evenly spaced in sorted order): the density estimate costs their square. */
const MAX_SCORES = 2000;
/** Kernel width in robust deviations; the null density is widened by the same kernel. */
const BANDWIDTH = 0.5;
/** Weight per photo of the pull toward the model's own curve (slope, and midpoint in deviations). */
const PRIOR_WEIGHT = 1e-3;
const NEWTON_STEPS = 60;

export function calibrateScores(scores: readonly number[], rule: ScoreRule): LogisticCurve {
  const prior = calibrateMatch(rule, scores);
  const a0 = prior.sharpness;
  const b0 = -a0 * prior.cutoff;
  if (scores.length < 16) return { a: a0, b: b0 };
  const sample = evenlySpaced(scores, MAX_SCORES);
  const z = sample.map((score) => (score - prior.median) / prior.spread);
  const nullShare = Math.min(1, (2 * z.filter((value) => value <= 0).length) / z.length);
  const nullVariance = 1 + BANDWIDTH ** 2;
  const posteriors = z.map((zi) => {
    let density = 0;
    for (const zj of z) density += Math.exp(-((zi - zj) ** 2) / (2 * BANDWIDTH ** 2));
    density /= z.length * BANDWIDTH * Math.sqrt(2 * Math.PI);
    const nullDensity = (nullShare * Math.exp(-(zi ** 2) / (2 * nullVariance))) / Math.sqrt(2 * Math.PI * nullVariance);
    // Below the median every photo is background, whatever the kernel's noise says.
    return zi <= 0 || density === 0 ? 0 : Math.min(1, Math.max(0, 1 - nullDensity / density));
  });
  return fitCurve(sample, posteriors, { a: a0, b: b0 }, prior.spread);
}

/**
 * Logistic regression of soft labels on one score, by Newton's method, with a quadratic pull toward
 * the prior curve (slope relative to its own, intercept in robust deviations of cosine).
 */
function fitCurve(x: readonly number[], labels: readonly number[], prior: LogisticCurve, spread: number): LogisticCurve {
  const n = x.length;
  const slopeScale = prior.a;
  const interceptScale = prior.a * spread;
  const lambda = PRIOR_WEIGHT * n;
  let { a, b } = prior;
  for (let step = 0; step < NEWTON_STEPS; step++) {
    let ga = (2 * lambda * (a - prior.a)) / slopeScale ** 2;
    let gb = (2 * lambda * (b - prior.b)) / interceptScale ** 2;
    let haa = (2 * lambda) / slopeScale ** 2;
    let hbb = (2 * lambda) / interceptScale ** 2;
    let hab = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      const p = sigmoid(a * xi + b);
      const error = p - (labels[i] as number);
      const weight = p * (1 - p);
      ga += error * xi;
      gb += error;
      haa += weight * xi * xi;
      hab += weight * xi;
      hbb += weight;
    }
    const determinant = haa * hbb - hab * hab;
    if (!(determinant > 0)) break;
    const da = (hbb * ga - hab * gb) / determinant;
    const db = (haa * gb - hab * ga) / determinant;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-6 * Math.abs(a) && Math.abs(db) < 1e-6 * (Math.abs(b) + 1)) break;
  }
  return { a, b };
}

function evenlySpaced(values: readonly number[], count: number): number[] {
  if (values.length <= count) return [...values];
  const sorted = [...values].sort((p, q) => p - q);
  return Array.from({ length: count }, (_, i) => sorted[Math.floor((i * sorted.length) / count)] as number);
}
