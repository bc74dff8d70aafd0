import { LumenFailure } from '../../../src-common/result';
import type { JsonObject } from './model-folder';

/**
 * Immich's OpenCLIP layout (the immich-app/<model>__<pretrained> repositories on the hub, and the
 * folders Immich's machine-learning container caches), as its exporter writes it
 * (immich-app/immich, machine-learning/export) and its server reads it
 * (machine-learning/immich_ml/models/clip):
 *
 *   config.json                  open_clip's model config: embed_dim, vision_cfg, text_cfg.context_length
 *   visual/model.onnx            image [1, 3, S, S] → embedding (L2-normalized)
 *   visual/preprocess_cfg.json   open_clip's PreprocessCfg: size, mean, std, interpolation, resize_mode
 *   textual/model.onnx           text int32 [1, context_length] → embedding; M-CLIP: input_ids + attention_mask
 *   textual/tokenizer.json, textual/tokenizer_config.json
 */
export const OPEN_CLIP_FILES = {
  config: 'config.json',
  preprocessConfig: 'visual/preprocess_cfg.json',
  visionModel: 'visual/model.onnx',
  textModel: 'textual/model.onnx',
  tokenizer: 'textual/tokenizer.json',
  tokenizerConfig: 'textual/tokenizer_config.json',
} as const;

/**
 * How Immich cleans a text before tokenizing it (immich_ml/models/transforms.py, clean_text):
 * whitespace runs become one space, and for models whose text_cfg asks for open_clip's
 * `canonicalize` (SigLIP) punctuation is removed and the text lowercased.
 */
export type TextCleaning = 'whitespace' | 'canonicalize';

/** Python's string.punctuation: what `canonicalize` removes. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export function cleanText(text: string, cleaning: TextCleaning): string {
  const collapsed = text
    .split(/\s+/)
    .filter((word) => word !== '')
    .join(' ');
  return cleaning === 'canonicalize' ? collapsed.replace(PUNCTUATION, '').toLowerCase() : collapsed;
}

export interface OpenClipModelConfig {
  /** config.json with the `model_type` its family has in Hugging Face's exports, for the family rules (scores, outputs). */
  config: JsonObject;
  /** The length Immich pads and cuts every text to: text_cfg.context_length, default 77. */
  contextLength: number;
  cleaning: TextCleaning;
}

/**
 * Reads open_clip's model config. SigLIP models are the ones with a learned bias (`init_logit_bias`);
 * the learned scale and bias themselves are not in the export, so scores use the family's defaults.
 */
export function readOpenClipConfig(config: JsonObject): OpenClipModelConfig {
  const textConfig = isObject(config.text_cfg) ? config.text_cfg : null;
  if (!textConfig || !isObject(config.vision_cfg)) {
    fail(OPEN_CLIP_FILES.config, 'it has no text_cfg and vision_cfg, so it is not the OpenCLIP model config Immich exports');
  }
  const contextLength = textConfig.context_length ?? 77;
  if (typeof contextLength !== 'number' || !Number.isInteger(contextLength) || contextLength < 1) {
    fail(OPEN_CLIP_FILES.config, `text_cfg.context_length must be a positive integer, got ${JSON.stringify(contextLength)}`);
  }
  const kwargs = isObject(textConfig.tokenizer_kwargs) ? textConfig.tokenizer_kwargs : {};
  const cleaning: TextCleaning = kwargs.clean === 'canonicalize' ? 'canonicalize' : 'whitespace';
  const family = typeof config.init_logit_bias === 'number' ? 'siglip' : 'clip';
  return { config: { ...config, model_type: family }, contextLength, cleaning };
}

/** PIL's resample names as open_clip writes `interpolation`, with their codes in preprocessor_config.json. */
const INTERPOLATION_CODES: Readonly<Record<string, number>> = { nearest: 0, lanczos: 1, bilinear: 2, bicubic: 3 };

/**
 * visual/preprocess_cfg.json in the keys of preprocessor_config.json, as Immich applies it: the
 * photo resized so its short side is `size` and centre-cropped to a square (`shortest`), or stretched
 * to the square (`squash`); then scaled to 0–1 and normalized with `mean` and `std`. Immich refuses
 * any other resize_mode, and so does Lumen.
 */
export function openClipPreprocessorConfig(preprocess: JsonObject): JsonObject {
  const file = OPEN_CLIP_FILES.preprocessConfig;
  const sizeValue = preprocess.size;
  const size = Array.isArray(sizeValue) ? (sizeValue[0] as unknown) : sizeValue;
  if (Array.isArray(sizeValue) && (sizeValue.length !== 2 || sizeValue[0] !== sizeValue[1])) {
    fail(file, `size ${JSON.stringify(sizeValue)} is not a square, and Immich's models take square images`);
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) fail(file, `size must be a positive integer, got ${JSON.stringify(sizeValue)}`);
  const interpolation = typeof preprocess.interpolation === 'string' ? preprocess.interpolation.toLowerCase() : 'bicubic';
  const resample = INTERPOLATION_CODES[interpolation];
  if (resample === undefined) fail(file, `interpolation ${JSON.stringify(preprocess.interpolation)} is not supported (nearest, lanczos, bilinear, bicubic)`);
  const mode = preprocess.resize_mode ?? 'shortest';
  if (mode !== 'shortest' && mode !== 'squash') fail(file, `resize_mode ${JSON.stringify(mode)} is not supported (shortest or squash, as in Immich)`);
  if (preprocess.mode !== undefined && preprocess.mode !== 'RGB') fail(file, `mode ${JSON.stringify(preprocess.mode)} is not supported (RGB)`);
  for (const key of ['mean', 'std'] as const) {
    const value = preprocess[key];
    const valid = Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v) && (key === 'mean' || v > 0));
    if (!valid) fail(file, `${key} must be three ${key === 'std' ? 'positive ' : ''}numbers, got ${JSON.stringify(value)}`);
  }
  return {
    do_resize: true,
    resample,
    ...(mode === 'squash' ? { size: { height: size, width: size } } : { size: { shortest_edge: size }, do_center_crop: true, crop_size: size }),
    do_rescale: true,
    do_normalize: true,
    image_mean: preprocess.mean,
    image_std: preprocess.std,
  };
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(file: string, reason: string): never {
  throw new LumenFailure('bad-model', `model file ${file}: ${reason}`);
}
