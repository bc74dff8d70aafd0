import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { checkTokenizerSize, MAX_CONFIG_BYTES, MAX_TOKENIZER_BYTES, readBoundedFile } from './model-file-limits';
import { MODEL_VARIANTS, variantFiles, type ModelVariant } from './model-variant';
import { jsonProblem } from './parser-messages';

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
  /** Raw bytes of the JSON files as read: the tokenizer files make the text tower's identity. */
  configBytes: Buffer;
  preprocessorConfigBytes: Buffer;
  tokenizerBytes: Buffer;
  /** Empty when the file is absent. */
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
    configBytes: config.bytes,
    preprocessorConfigBytes: preprocessor.bytes,
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
 * Refuses a model whose files are not the ones installed: each file the model loads must have the
 * SHA-256 recorded for it at install time (`expected`, relative path → hash; files it does not
 * list are not checked). The tower files' hashes come from the read that also makes the tower
 * identities (`towerSha256`), so a big model is not read twice. A bit flipped on disk, a truncated
 * or half-overwritten file, an edited JSON file: each is named, with what to do.
 */
export function checkInstalledFiles(folder: ModelFolder, towerSha256: { vision: string; text: string }, expected: Readonly<Record<string, string>>): void {
  const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  const actual: Array<[string, string | null]> = [
    [MODEL_FILES.config, sha256(folder.configBytes)],
    [MODEL_FILES.preprocessorConfig, sha256(folder.preprocessorConfigBytes)],
    [MODEL_FILES.tokenizer, sha256(folder.tokenizerBytes)],
    [MODEL_FILES.tokenizerConfig, folder.tokenizerConfigBytes.length > 0 ? sha256(folder.tokenizerConfigBytes) : null],
    [folder.visionModelFile, towerSha256.vision],
    [folder.textModelFile, towerSha256.text],
  ];
  for (const [file, hash] of actual) {
    const recorded = expected[file];
    if (recorded === undefined || hash === recorded) continue;
    const what =
      hash === null ? 'is missing' : `has changed since the model was installed (SHA-256 ${hash.slice(0, 12)}…, installed ${recorded.slice(0, 12)}…)`;
    const id = basename(folder.folder);
    throw new LumenFailure(
      'bad-model',
      `model file ${file} ${what}: it is damaged or was edited (${join(folder.folder, file)}); reinstall the model: lumen model remove ${id}, then lumen model add it again`,
    );
  }
}

/**
 * Without an explicit choice: fp32 where both of its files are there, else the first variant that
 * is complete (an install of only the quantized files, say); fp32 again when none is, so the
 * missing-file error names the usual files.
 */
async function firstPresentVariant(root: string): Promise<ModelVariant> {
  for (const variant of MODEL_VARIANTS) {
    const files = variantFiles(variant);
    const present = await Promise.all(
      [files.visionModel, files.textModel].map(async (file) => (await stat(join(root, file)).catch(() => null))?.isFile() === true),
    );
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

async function readJsonFile(root: string, relative: string, options: { optional?: boolean } = {}): Promise<{ json: JsonObject; bytes: Buffer }> {
  const path = join(root, relative);
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(path, relative, relative === MODEL_FILES.tokenizer ? MAX_TOKENIZER_BYTES : MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof LumenFailure) throw error;
    if (options.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return { json: {}, bytes: Buffer.alloc(0) };
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'Lumen may not read it'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `it cannot be read: ${code ?? 'unknown error'}`;
    throw new LumenFailure('missing-model', `model file missing: ${relative} (${reason}; expected at ${path})`);
  }
  // Counted before parsing: parsing an oversized vocabulary is itself what costs the memory.
  if (relative === MODEL_FILES.tokenizer) checkTokenizerSize(bytes, relative, path);
  let json: unknown;
  const text = bytes.toString('utf8');
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LumenFailure('bad-model', `model file ${relative} is not valid JSON (${jsonProblem(error, text)}): ${path}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new LumenFailure('bad-model', `model file ${relative} must hold a JSON object (${path})`);
  }
  return { json: json as JsonObject, bytes };
}
