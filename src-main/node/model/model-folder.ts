import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { MODEL_VARIANTS, variantFiles, type ModelVariant } from './model-variant';

/**
 * The files of a model in the transformers.js export layout. No manifest of our own: a CLIP or
 * SigLIP export dropped into a folder must load as it is.
 */
export const MODEL_FILES = {
  config: 'config.json',
  preprocessorConfig: 'preprocessor_config.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  visionModel: 'onnx/vision_model.onnx',
  textModel: 'onnx/text_model.onnx',
} as const;

export type JsonObject = Record<string, unknown>;

export interface ModelFolder {
  /** Absolute path of the folder. */
  folder: string;
  config: JsonObject;
  preprocessorConfig: JsonObject;
  tokenizer: JsonObject;
  /** `{}` when the export has no tokenizer_config.json (it only adds limits and special tokens). */
  tokenizerConfig: JsonObject;
  /** Raw bytes of the tokenizer files, for the text tower's identity. */
  tokenizerBytes: Buffer;
  tokenizerConfigBytes: Buffer;
  variant: ModelVariant;
  /** The variant's tower files, relative to the folder (for messages). */
  visionModelFile: string;
  textModelFile: string;
  visionModelPath: string;
  textModelPath: string;
}

/** Finds and parses every file; the first missing or unreadable one fails with its name and why. */
export async function readModelFolder(folder: string, requested?: ModelVariant): Promise<ModelFolder> {
  const root = resolve(folder);
  const info = await stat(root).catch(() => null);
  if (!info) throw new LumenFailure('missing-model', `model folder not found: ${root}`);
  if (!info.isDirectory()) throw new LumenFailure('missing-model', `model folder is not a folder: ${root}`);
  const variant = requested ?? (await firstPresentVariant(root));

  const config = await readJsonFile(root, MODEL_FILES.config);
  const preprocessor = await readJsonFile(root, MODEL_FILES.preprocessorConfig);
  const tokenizer = await readJsonFile(root, MODEL_FILES.tokenizer);
  const tokenizerConfig = await readJsonFile(root, MODEL_FILES.tokenizerConfig, { optional: true });
  const files = variantFiles(variant);
  const visionModelPath = await requireFile(root, files.visionModel);
  const textModelPath = await requireFile(root, files.textModel);
  return {
    folder: root,
    config: config.json,
    preprocessorConfig: preprocessor.json,
    tokenizer: tokenizer.json,
    tokenizerConfig: tokenizerConfig.json,
    tokenizerBytes: tokenizer.bytes,
    tokenizerConfigBytes: tokenizerConfig.bytes,
    variant,
    visionModelFile: files.visionModel,
    textModelFile: files.textModel,
    visionModelPath,
    textModelPath,
  };
}

/**
 * Without an explicit choice: fp32 where both of its files are there, else the first variant that
 * is complete (an install of only the quantized files, say); fp32 again when none is, so the
 * missing-file error names the usual files.
 */
async function firstPresentVariant(root: string): Promise<ModelVariant> {
  for (const variant of MODEL_VARIANTS) {
    const files = variantFiles(variant);
    const present = await Promise.all([files.visionModel, files.textModel].map(async (file) => (await stat(join(root, file)).catch(() => null))?.isFile() === true));
    if (present.every(Boolean)) return variant;
  }
  return 'fp32';
}

async function requireFile(root: string, relative: string): Promise<string> {
  const path = join(root, relative);
  const info = await stat(path).catch(() => null);
  if (!info) throw new LumenFailure('missing-model', `model file missing: ${relative} (expected at ${path})`);
  if (!info.isFile() || info.size === 0) throw new LumenFailure('bad-model', `model file ${relative} is empty or not a file (${path})`);
  return path;
}

async function readJsonFile(
  root: string,
  relative: string,
  options: { optional?: boolean } = {},
): Promise<{ json: JsonObject; bytes: Buffer }> {
  const path = join(root, relative);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return { json: {}, bytes: Buffer.alloc(0) };
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new LumenFailure('missing-model', `model file missing: ${relative} (${reason}; expected at ${path})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new LumenFailure('bad-model', `model file ${relative} is not valid JSON: ${(error as Error).message} (${path})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new LumenFailure('bad-model', `model file ${relative} must hold a JSON object (${path})`);
  }
  return { json: json as JsonObject, bytes };
}
