import { meanOfUnits, unit, weightedSum } from './vector-math';

/** How hard negative terms push away: score = cos(wanted) − NEGATIVE_WEIGHT · cos(unwanted). */
export const NEGATIVE_WEIGHT = 0.5;
export const DEFAULT_TEXT_WEIGHT = 0.7;

export interface QueryParts {
  /** Text tower vector of the wanted words, if any. */
  text: Float32Array | undefined;
  /** Image vectors of the example photos ("more like this"). */
  examples: readonly Float32Array[];
  /** Text tower vectors of the unwanted words. */
  negatives: readonly Float32Array[];
  /** Share of the text when there are examples too (ALIGN-style joint image+text query). */
  textWeight: number;
  dim: number;
}

/**
 * One query vector whose dot product with a unit photo vector is the score:
 * w·cos(text) + (1−w)·cos(mean example) − NEGATIVE_WEIGHT·cos(mean negative). Every part is
 * normalized first, since image and text towers need not output vectors of equal length.
 */
export function composeQueryVector(parts: QueryParts): Float32Array {
  const terms: Array<{ vector: Float32Array; weight: number }> = [];
  const exampleMean = parts.examples.length > 0 ? unit(meanOfUnits(parts.examples, parts.dim)) : undefined;
  if (parts.text && exampleMean) {
    terms.push({ vector: unit(parts.text), weight: parts.textWeight }, { vector: exampleMean, weight: 1 - parts.textWeight });
  } else if (parts.text) {
    terms.push({ vector: unit(parts.text), weight: 1 });
  } else if (exampleMean) {
    terms.push({ vector: exampleMean, weight: 1 });
  }
  if (parts.negatives.length > 0) terms.push({ vector: unit(meanOfUnits(parts.negatives, parts.dim)), weight: -NEGATIVE_WEIGHT });
  return weightedSum(terms, parts.dim);
}
