/**
 * Turning cosine similarities into probabilities the way each family was trained to:
 *  - CLIP (contrastive softmax): logits = exp(logit_scale)·cos, softmax over the candidate texts —
 *    "which of these labels fits this photo", probabilities summing to 1;
 *  - SigLIP (pairwise sigmoid): p = σ(exp(logit_scale)·cos + logit_bias), each label on its own —
 *    "does this label fit", independent of the other labels.
 * Pure functions: no model, no I/O, so any service (tagging, classification) can call them.
 */
import type { ScoreRule } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';

export type { ScoreRule };

/** CLIP's temperature is clamped at 100 in training, and every released CLIP ends there. */
const CLIP_DEFAULT_LOG_SCALE = Math.log(100);
/**
 * SigLIP's are learned per checkpoint; these are typical of the released base models (scale ≈ 117,
 * bias ≈ −12.9). config.json should carry the checkpoint's own values; see docs/MODEL.md.
 */
const SIGLIP_DEFAULT_LOG_SCALE = 4.7648;
const SIGLIP_DEFAULT_BIAS = -12.9324;

/** model_type values of the sigmoid-trained family. */
const SIGMOID_MODEL_TYPES = new Set(['siglip', 'siglip2', 'siglip_vision_model', 'siglip_text_model']);

/**
 * Largest multiplier and bias a config.json may set. Trained values: CLIP's scale ends at 100,
 * SigLIP's near 117 with a bias near −13. Beyond these every probability is 0, 1 or (an infinite
 * scale) not a number at all, so such a file is refused rather than believed.
 */
export const MAX_SCORE_SCALE = 1000;
export const MAX_SCORE_BIAS = 100;

/**
 * The rule from a parsed config.json: `logit_scale` (a logarithm) and `logit_bias` where present;
 * the family from `model_type`, or from the presence of a bias. Values that are not numbers, or out
 * of the ranges above, are refused naming `file` (the config.json they came from).
 */
export function readScoreRule(config: Readonly<Record<string, unknown>>, file = 'config.json'): ScoreRule {
  const logScale = checkedNumber(config.logit_scale, 'logit_scale', file);
  const bias = checkedNumber(config.logit_bias, 'logit_bias', file);
  if (logScale !== null && !(Math.exp(logScale) > 0 && Math.exp(logScale) <= MAX_SCORE_SCALE)) {
    refuse(
      file,
      `logit_scale ${logScale} makes the score scale exp(logit_scale) = ${Math.exp(logScale)}; it must be above 0 and at most ${MAX_SCORE_SCALE} (logit_scale ≤ ${Math.log(MAX_SCORE_SCALE).toFixed(2)})`,
    );
  }
  if (bias !== null && Math.abs(bias) > MAX_SCORE_BIAS) refuse(file, `logit_bias ${bias} is outside −${MAX_SCORE_BIAS} to ${MAX_SCORE_BIAS}`);
  const modelType = typeof config.model_type === 'string' ? config.model_type.toLowerCase() : '';
  const sigmoid = SIGMOID_MODEL_TYPES.has(modelType) || bias !== null;
  if (sigmoid) {
    return {
      kind: 'sigmoid',
      scale: Math.exp(logScale ?? SIGLIP_DEFAULT_LOG_SCALE),
      bias: bias ?? SIGLIP_DEFAULT_BIAS,
      source: logScale !== null && bias !== null ? 'config' : 'family-default',
    };
  }
  return { kind: 'softmax', scale: Math.exp(logScale ?? CLIP_DEFAULT_LOG_SCALE), bias: 0, source: logScale !== null ? 'config' : 'family-default' };
}

/** The model's logit for one photo–text pair. */
export function matchLogit(rule: ScoreRule, cosine: number): number {
  return rule.scale * cosine + rule.bias;
}

/**
 * One probability per candidate text for one photo (or per photo for one text), in input order.
 * Softmax normalizes across the candidates; sigmoid scores each alone.
 */
export function matchProbabilities(rule: ScoreRule, cosines: readonly number[]): number[] {
  return probabilitiesOfLogits(
    rule,
    cosines.map((c) => matchLogit(rule, c)),
  );
}

/** Logits already on the model's scale (a classifier may add terms of its own) to probabilities by the rule's kind. */
export function probabilitiesOfLogits(rule: ScoreRule, logits: readonly number[]): number[] {
  return rule.kind === 'sigmoid' ? logits.map(sigmoid) : softmax(logits);
}

export function softmax(logits: readonly number[]): number[] {
  if (logits.length === 0) return [];
  const max = Math.max(...logits); // subtracting the max keeps exp() finite at scale 100
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function sigmoid(x: number): number {
  // Written both ways so neither branch overflows for large |x|.
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** A config number: null when absent; refused when it is there but not a finite number. */
function checkedNumber(value: unknown, key: string, file: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value))
    refuse(file, `${key} must be a finite number, not ${typeof value === 'number' ? String(value) : `a ${typeof value}`}`);
  return value;
}

function refuse(file: string, reason: string): never {
  throw new LumenFailure('bad-model', `model file ${file}: ${reason}; the file is damaged or was edited, so the model's match probabilities cannot be trusted`);
}
