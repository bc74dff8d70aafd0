import { LumenFailure } from '../../../src-common/result';
import type { JsonObject } from './model-folder';

/**
 * Everything in preprocessor_config.json that decides the pixel values a vision tower sees,
 * read with the semantics of transformers.js' ImageProcessor (so Lumen's vectors can match it):
 * absent `do_resize` means "resize when a size is given" (`size`, else `image_size`), absent
 * `do_center_crop`/`do_normalize` mean "off", absent `do_rescale` means on with 1/255, absent
 * `resample` means bilinear. jina-clip's own config (JinaCLIPImageProcessor) is first translated
 * into those keys as transformers.js translates it.
 */
export interface PreprocessSpec {
  resize: ResizeSpec | null;
  centerCrop: { width: number; height: number } | null;
  /** Multiplier applied to 0–255 values, or null when do_rescale is false. */
  rescaleFactor: number | null;
  normalize: { mean: Rgb; std: Rgb } | null;
}

export type Rgb = readonly [number, number, number];

export interface ResizeSpec {
  rule: ResizeRule;
  resample: ResampleFilter;
}

export type ResizeRule =
  /** Scale so the short side is `shortestEdge`, then down again if the long side exceeds `longestEdge`. */
  | { kind: 'edges'; shortestEdge: number | null; longestEdge: number | null }
  /** Stretch to exactly this size. */
  | { kind: 'exact'; width: number; height: number };

/** PIL's resample codes as preprocessor configs write them. */
export const RESAMPLE_CODES = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic' } as const;
export type ResampleFilter = (typeof RESAMPLE_CODES)[keyof typeof RESAMPLE_CODES];

const FILE = 'preprocessor_config.json';

/** Options that would change the vectors but that Lumen does not implement: refused, never ignored. */
const UNSUPPORTED_FLAGS = ['do_pad', 'do_thumbnail', 'do_crop_margin', 'do_flip_channel_order', 'do_convert_grayscale'] as const;

/**
 * Largest image side a model may ask for. Real towers take 224 to 1024 pixels; a size of 60000
 * would make every photo 43 GB of floats before the tower even runs.
 */
export const MAX_IMAGE_EDGE = 4096;

export function parsePreprocessSpec(config: JsonObject): PreprocessSpec {
  for (const flag of UNSUPPORTED_FLAGS) {
    if (config[flag] === true) fail(`${flag}: true is not supported by Lumen`);
  }
  if (config.size_divisibility !== undefined || config.size_divisor !== undefined) fail('size_divisibility is not supported by Lumen');
  if (config.max_num_patches !== undefined) {
    // Siglip2ImageProcessor of the NaFlex checkpoints: a variable number of patches, with a mask and each photo's patch grid.
    const patches = typeof config.max_num_patches === 'number' ? `up to ${config.max_num_patches}` : 'a number of';
    fail(
      `max_num_patches asks for SigLIP 2 NaFlex input (each photo cut into ${patches} patches at its own aspect ratio), which Lumen does not prepare; use a fixed-resolution export of the model instead (such as siglip2-base-patch16-224)`,
    );
  }
  const spec = readSpec(config.image_processor_type === 'JinaCLIPImageProcessor' ? fromJinaClipConfig(config) : config);
  const rule = spec.resize?.rule;
  const edges = [
    ...(rule?.kind === 'exact' ? [rule.width, rule.height] : rule ? [rule.shortestEdge ?? 0, rule.longestEdge ?? 0] : []),
    ...(spec.centerCrop ? [spec.centerCrop.width, spec.centerCrop.height] : []),
  ];
  const largest = Math.max(0, ...edges);
  if (largest > MAX_IMAGE_EDGE) fail(`an image side of ${largest} pixels is more than the ${MAX_IMAGE_EDGE} Lumen prepares for a tower`);
  return spec;
}

function readSpec(config: JsonObject): PreprocessSpec {
  return {
    resize: flag(config, 'do_resize', sizeOf(config) !== undefined) ? parseResize(config) : null,
    centerCrop: flag(config, 'do_center_crop', false) ? parseCropSize(config.crop_size) : null,
    rescaleFactor: flag(config, 'do_rescale', true) ? parseRescaleFactor(config.rescale_factor) : null,
    normalize: flag(config, 'do_normalize', false)
      ? { mean: parseTriple(config, 'image_mean', 'mean'), std: parseTriple(config, 'image_std', 'std', { positive: true }) }
      : null,
  };
}

/** A stable text form of the spec (fixed key order), hashed into the image tower's identity. */
export function canonicalSpecJson(spec: PreprocessSpec): string {
  const resize = spec.resize
    ? {
        rule:
          spec.resize.rule.kind === 'exact'
            ? { kind: 'exact', width: spec.resize.rule.width, height: spec.resize.rule.height }
            : { kind: 'edges', shortestEdge: spec.resize.rule.shortestEdge, longestEdge: spec.resize.rule.longestEdge },
        resample: spec.resize.resample,
      }
    : null;
  const centerCrop = spec.centerCrop ? { width: spec.centerCrop.width, height: spec.centerCrop.height } : null;
  const normalize = spec.normalize ? { mean: [...spec.normalize.mean], std: [...spec.normalize.std] } : null;
  return JSON.stringify({ resize, centerCrop, rescaleFactor: spec.rescaleFactor, normalize });
}

/** transformers.js reads `image_size` where `size` is absent. */
function sizeOf(config: JsonObject): unknown {
  return config.size ?? config.image_size;
}

/**
 * jina-clip's preprocessor_config.json (`resize_mode`, `interpolation`, an integer `size`) in the
 * keys of the standard image processor, exactly as transformers.js' JinaCLIPImageProcessor maps
 * them: always a centre crop to `size` and normalization (with `mean`/`std`); `fill_color` only
 * matters for padding, which neither does.
 */
function fromJinaClipConfig(config: JsonObject): JsonObject {
  const { resize_mode: mode, interpolation, size, fill_color: _fill, ...other } = config;
  if (!isPositiveInteger(size)) fail(`size must be a positive integer for JinaCLIPImageProcessor, got ${JSON.stringify(size)}`);
  const resized = mode === 'squash' ? { width: size, height: size } : mode === 'shortest' ? { shortest_edge: size } : { longest_edge: size };
  return { ...other, size: resized, resample: interpolation === 'bicubic' ? 3 : 2, do_center_crop: true, crop_size: size, do_normalize: true };
}

function parseResize(config: JsonObject): ResizeSpec {
  const size = sizeOf(config);
  let rule: ResizeRule;
  if (isPositiveInteger(size)) {
    // An integer size is a shortest edge, capped only by an explicit max_size: what Python
    // transformers (get_size_dict(default_to_square=False)) and torchvision's Resize(int) do, and so
    // what openai/clip-* were trained with. transformers.js caps the long side at the size itself,
    // which letterboxes every non-square photo before the centre crop; Lumen deliberately does not.
    const maxSize = config.max_size ?? null;
    if (maxSize !== null && !isPositiveInteger(maxSize)) fail(`max_size must be a positive integer, got ${JSON.stringify(maxSize)}`);
    rule = { kind: 'edges', shortestEdge: size, longestEdge: maxSize };
  } else if (isObject(size) && (size.shortest_edge !== undefined || size.longest_edge !== undefined)) {
    rule = { kind: 'edges', shortestEdge: optionalEdge(size, 'shortest_edge'), longestEdge: optionalEdge(size, 'longest_edge') };
  } else if (isObject(size) && isPositiveInteger(size.height) && isPositiveInteger(size.width)) {
    rule = { kind: 'exact', width: size.width, height: size.height };
  } else {
    fail(`do_resize is true but size is ${JSON.stringify(size)} (expected an integer, {shortest_edge}, or {height, width})`);
  }
  return { rule, resample: parseResample(config.resample) };
}

function parseResample(value: unknown): ResampleFilter {
  if (value === undefined) return 'bilinear';
  const filter = typeof value === 'number' ? RESAMPLE_CODES[value as keyof typeof RESAMPLE_CODES] : undefined;
  if (!filter) fail(`resample ${JSON.stringify(value)} is not supported (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic)`);
  return filter;
}

function parseCropSize(value: unknown): { width: number; height: number } {
  if (isPositiveInteger(value)) return { width: value, height: value };
  if (isObject(value) && isPositiveInteger(value.width) && isPositiveInteger(value.height)) return { width: value.width, height: value.height };
  fail(`do_center_crop is true but crop_size is ${JSON.stringify(value)} (expected an integer or {height, width})`);
}

function parseRescaleFactor(value: unknown): number {
  if (value === undefined) return 1 / 255;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(`rescale_factor must be a positive number, got ${JSON.stringify(value)}`);
  return value;
}

function parseTriple(config: JsonObject, key: string, alias: string, options: { positive?: boolean } = {}): Rgb {
  const value = config[key] ?? config[alias];
  const triple = typeof value === 'number' ? [value, value, value] : value;
  if (!Array.isArray(triple) || triple.length !== 3 || !triple.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    fail(`do_normalize is true but ${key} is ${JSON.stringify(value)} (expected a number or three numbers)`);
  }
  const [a, b, c] = triple as number[];
  if (a === undefined || b === undefined || c === undefined) fail(`${key} needs three values`);
  if (options.positive && (a <= 0 || b <= 0 || c <= 0)) fail(`${key} values must be positive, got ${JSON.stringify(value)}`);
  return [a, b, c];
}

function optionalEdge(size: JsonObject, key: string): number | null {
  const value = size[key];
  if (value === undefined || value === null) return null;
  if (!isPositiveInteger(value)) fail(`size.${key} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

function flag(config: JsonObject, key: string, absent: boolean): boolean {
  const value = config[key];
  if (value === undefined || value === null) return absent;
  if (typeof value !== 'boolean') fail(`${key} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

function fail(reason: string): never {
  throw new LumenFailure('bad-model', `model file ${FILE}: ${reason}`);
}
