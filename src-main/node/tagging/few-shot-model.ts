import { dot, unit } from '../search/vector-math';
import { sigmoid } from '../model/match-probability';
import type { LogisticCurve } from './score-calibration';

/**
 * A tag's classifier on the locked image vectors: p(tag | photo) = σ(w·x + b) over unit vectors x.
 * Without examples it is the calibrated zero-shot classifier (w = a·text vector, b from the
 * calibration). Accepted and rejected photos then train it as a logistic regression whose weights
 * are pulled toward that text prior (L2 on w − w₀), so a handful of examples refine the tag
 * instead of overfitting it — the locked image tower means the vectors never change under it.
 */
export interface TagClassifier {
  weights: Float32Array;
  bias: number;
}

const STEPS = 500;
/**
 * Gradient step on the mean log-loss. Its curvature is at most ¼·|x|² = ¼ for unit vectors, so any
 * step below 8 converges; 4 leaves margin.
 */
const STEP_SIZE = 4;
/** Per step, this share of the distance from the text prior is given back: the regularization. */
const PRIOR_PULL = 0.002;

export function zeroShotClassifier(textVector: Float32Array, curve: LogisticCurve): TagClassifier {
  return { weights: unit(textVector).map((v) => v * curve.a), bias: curve.b };
}

export function probability(classifier: TagClassifier, photoVector: Float32Array): number {
  return sigmoid(dot(classifier.weights, unit(photoVector)) + classifier.bias);
}

export function trainFewShot(prior: TagClassifier, positives: readonly Float32Array[], negatives: readonly Float32Array[]): TagClassifier {
  const examples = [...positives.map((x) => ({ x: unit(x), y: 1 })), ...negatives.map((x) => ({ x: unit(x), y: 0 }))];
  if (examples.length === 0) return prior;
  // Balance classes, so three accepted against thirty rejected still count equally.
  const weightOf = (y: number) => examples.length / (2 * Math.max(1, y === 1 ? positives.length : negatives.length));
  const weights = Float32Array.from(prior.weights);
  let bias = prior.bias;
  const balanced = positives.length > 0 && negatives.length > 0;
  for (let step = 0; step < STEPS; step++) {
    const gradient = new Float32Array(weights.length);
    let biasGradient = 0;
    for (const { x, y } of examples) {
      const error = (sigmoid(dot(weights, x) + bias) - y) * (balanced ? weightOf(y) : 1);
      for (let i = 0; i < x.length; i++) gradient[i] = (gradient[i] ?? 0) + error * (x[i] ?? 0);
      biasGradient += error;
    }
    for (let i = 0; i < weights.length; i++) {
      const stepped = (weights[i] ?? 0) - (STEP_SIZE * (gradient[i] ?? 0)) / examples.length;
      const priorWeight = prior.weights[i] ?? 0;
      weights[i] = priorWeight + (stepped - priorWeight) * (1 - PRIOR_PULL);
    }
    const steppedBias = bias - (STEP_SIZE * biasGradient) / examples.length;
    bias = prior.bias + (steppedBias - prior.bias) * (1 - PRIOR_PULL);
  }
  return { weights, bias };
}

/** The threshold on probabilities that best separates accepted from rejected photos (highest F1); null without both. */
export function tuneThreshold(accepted: readonly number[], rejected: readonly number[]): number | null {
  if (accepted.length === 0 || rejected.length === 0) return null;
  const candidates = [...new Set([...accepted, ...rejected])].sort((x, y) => x - y);
  let best = { threshold: 0.5, f1: -1 };
  for (const threshold of candidates) {
    const truePositives = accepted.filter((p) => p >= threshold).length;
    const falsePositives = rejected.filter((p) => p >= threshold).length;
    const f1 = (2 * truePositives) / (2 * truePositives + falsePositives + (accepted.length - truePositives));
    if (f1 > best.f1) best = { threshold, f1 };
  }
  // Midway to the next lower probability, so the accepted photo at the edge is not on a knife's edge.
  const below = candidates.filter((p) => p < best.threshold).at(-1);
  const threshold = below === undefined ? best.threshold : (below + best.threshold) / 2;
  return Math.min(0.99, Math.max(0.01, threshold));
}
