import { LumenFailure } from '../../../src-common/result';

/**
 * Which ONNX files of an export Lumen runs. transformers.js repositories ship the same towers in
 * several precisions side by side, told apart by a file-name suffix (transformers.js'
 * DEFAULT_DTYPE_SUFFIX_MAPPING): `onnx/vision_model.onnx`, `onnx/vision_model_quantized.onnx`,
 * `onnx/vision_model_fp16.onnx`, `_int8`, `_uint8`, `_q4`, `_q4f16`, `_bnb4`. The order is the
 * order Lumen tries them in when nothing asks for one: full precision first.
 */
export const MODEL_VARIANTS = ['fp32', 'quantized', 'fp16', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type ModelVariant = (typeof MODEL_VARIANTS)[number];

const SUFFIX: Readonly<Record<ModelVariant, string>> = {
  fp32: '',
  quantized: '_quantized',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** transformers.js calls the `_quantized` files `q8`. */
const ALIASES: Readonly<Record<string, ModelVariant>> = { q8: 'quantized' };

export function isModelVariant(value: string): value is ModelVariant {
  return (MODEL_VARIANTS as readonly string[]).includes(value);
}

/** A variant name as Lumen or transformers.js writes it (`q8` is `quantized`), or null. */
export function variantNamed(value: string): ModelVariant | null {
  return isModelVariant(value) ? value : (ALIASES[value] ?? null);
}

export function variantSuffix(variant: ModelVariant): string {
  return SUFFIX[variant];
}

/** The split-tower files of a variant, relative to the model folder. */
export function variantFiles(variant: ModelVariant): { visionModel: string; textModel: string } {
  return { visionModel: `onnx/vision_model${SUFFIX[variant]}.onnx`, textModel: `onnx/text_model${SUFFIX[variant]}.onnx` };
}

/** The ONNX graph files transformers.js names after a session (`vision_model`, `text_model`, `model`). */
export type GraphName = 'vision_model' | 'text_model' | 'model';

/**
 * The precision config.json pins for a graph: `transformers.js_config.dtype` is one name for every
 * graph or one per graph (`{ "vision_model": "fp32" }` in Xenova/mobileclip_*, whose quantized
 * vision tower is known to be broken). Null where it pins nothing for this graph.
 */
export function pinnedVariant(config: Record<string, unknown>, graph: GraphName): ModelVariant | null {
  const custom = config['transformers.js_config'];
  if (typeof custom !== 'object' || custom === null) return null;
  const dtype = (custom as Record<string, unknown>).dtype;
  const value = typeof dtype === 'string' ? dtype : typeof dtype === 'object' && dtype !== null ? (dtype as Record<string, unknown>)[graph] : undefined;
  if (value === undefined || value === null || value === 'auto') return null;
  const variant = typeof value === 'string' ? variantNamed(value) : null;
  if (variant === null) {
    throw new LumenFailure(
      'bad-model',
      `model file config.json: transformers.js_config.dtype asks for ${JSON.stringify(value)} for ${graph}, which is not one of ${MODEL_VARIANTS.join(', ')}`,
    );
  }
  return variant;
}
