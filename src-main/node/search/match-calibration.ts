import type { ScoreRule } from '../model/match-probability';
import { sigmoid } from '../model/match-probability';

/**
 * How close a photo is to a text, as a number from 0 to 1 that means the same for every query.
 *
 * A raw cosine does not: "xyzzy" tops out at 0.09 and "a red circle" at 0.53 with the demo model,
 * and a real CLIP's good matches sit near 0.3. Each query is therefore measured against its own
 * background — the cosines of the library's photos with it, summarised by the median and the
 * median absolute deviation, which the few photos that do match cannot drag — and a photo counts
 * as a close match when it stands out of that background by CLOSE_MATCH_DEVIATIONS robust
 * standard deviations. The model's score rule says how many logits one unit of cosine is worth
 * (exp(logit_scale)), so the distance from that cut-off becomes a probability the way the model
 * was trained to turn cosines into probabilities: σ(scale · (cosine − cut-off)).
 */
export interface MatchCalibration {
  /** Median cosine of the library's photos with the query. */
  median: number;
  /** Robust standard deviation (1.4826 × median absolute deviation), at least one logit's worth of cosine. */
  spread: number;
  /** The cosine at which a photo becomes a close match (probability 0.5). */
  cutoff: number;
  /** Logits per unit of cosine: the model's scale divided by the query's length. */
  sharpness: number;
}

/**
 * Robust deviations above the median for a close match. With the demo model, queries it knows put
 * their matches 4.9–9 deviations out and nonsense ("xyzzy", "a sunset over the ocean") at most 1.9
 * (docs/SEARCH.md); for a normal background 4 leaves about 3 in 100 000 photos above by chance.
 */
export const CLOSE_MATCH_DEVIATIONS = 4;
/** Below this many background photos the median and deviation are guesses: the cut-off is the model's own. */
const MIN_BACKGROUND = 16;
const MAD_TO_SD = 1.4826;

/**
 * The query's calibration from the model's rule and a sample of the library's cosines with it.
 * `queryLength` is the query vector's length (1 for plain text; other for weighted queries) since the
 * scores carry it. With too small a sample the cut-off falls back to the rule: the sigmoid family's
 * own midpoint (−bias/scale), and for the softmax family a cosine CLOSE_MATCH_DEVIATIONS logits above 0.
 */
export function calibrateMatch(rule: ScoreRule, background: readonly number[], queryLength = 1): MatchCalibration {
  const sharpness = rule.scale / Math.max(queryLength, 1e-6);
  const oneLogit = 1 / sharpness;
  if (background.length < MIN_BACKGROUND) {
    const cutoff = rule.kind === 'sigmoid' ? (-rule.bias / rule.scale) * queryLength : CLOSE_MATCH_DEVIATIONS * oneLogit;
    return { median: 0, spread: oneLogit, cutoff, sharpness };
  }
  const median = medianOf(background);
  const spread = Math.max(MAD_TO_SD * medianOf(background.map((score) => Math.abs(score - median))), oneLogit);
  return { median, spread, cutoff: median + CLOSE_MATCH_DEVIATIONS * spread, sharpness };
}

/** The calibrated probability that a photo with this cosine is a close match. */
export function matchProbability(calibration: MatchCalibration, score: number): number {
  return sigmoid(calibration.sharpness * (score - calibration.cutoff));
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
