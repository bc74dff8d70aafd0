import { probabilitiesOfLogits, type ScoreRule } from '../model/match-probability';
import { dot, unit } from '../search/vector-math';

/** Sharpness of the example affinity, exp(−β·(1 − cos)), as in Tip-Adapter (Zhang et al., 2022). */
export const EXAMPLE_AFFINITY_BETA = 5.5;
/** Weight of the example term against the text logits (Tip-Adapter's α), in units of the model's logit scale. */
export const EXAMPLE_WEIGHT = 2;

export interface CategoryModel {
  name: string;
  /** Unit text vector of the category (its descriptions, prompt-ensembled). */
  text: Float32Array;
  /** Unit image vectors of its example photos; may be empty. */
  examples: readonly Float32Array[];
}

export interface CategoryProbability {
  category: string;
  probability: number;
}

/**
 * Zero-shot logits from text (the model's own: scale·cos + bias) plus, for categories with examples,
 * a training-free few-shot term on the locked image vectors (Tip-Adapter's cache model): the mean
 * affinity to the examples, on the same scale. Examples thus correct a category whose words the
 * text tower reads wrongly, without retraining anything. Probabilities by the model's rule (softmax
 * across the categories for CLIP, a sigmoid per category for SigLIP), highest first.
 */
export function scoreCategories(photo: Float32Array, categories: readonly CategoryModel[], rule: ScoreRule): CategoryProbability[] {
  const x = unit(photo);
  const logits = categories.map((category) => {
    let logit = rule.scale * dot(x, category.text) + rule.bias;
    if (category.examples.length > 0) {
      const affinity = category.examples.reduce((sum, example) => sum + Math.exp(-EXAMPLE_AFFINITY_BETA * (1 - dot(x, example))), 0) / category.examples.length;
      logit += EXAMPLE_WEIGHT * rule.scale * affinity;
    }
    return logit;
  });
  const probabilities = probabilitiesOfLogits(rule, logits);
  return categories.map((category, i) => ({ category: category.name, probability: probabilities[i] ?? 0 })).sort((a, b) => b.probability - a.probability);
}
