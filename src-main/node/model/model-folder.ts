import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { checkTokenizerSize, MAX_CONFIG_BYTES, MAX_TOKENIZER_BYTES, readBoundedFile } from './model-file-limits';
import { MODEL_VARIANTS, pinnedVariant, variantFiles, variantSuffix, type GraphName, type ModelVariant } from './model-variant';
import { readSentenceTransformersTower, SENTENCE_TRANSFORMERS_GRAPHS, type SentenceTransformersTower } from './sentence-transformers-tower';
import { refuseLfsPointer, towerDataFiles } from './tower-data-files';
import { jsonProblem } from './parser-messages';
import { checkpointOnlySentence, checkpointOnlyWeights } from './pytorch-weights';
import { OPEN_CLIP_FILES, openClipPreprocessorConfig, readOpenClipConfig, type TextCleaning } from './open-clip-layout';

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
  /**
   * `transformers.js`: the Hugging Face export layouts (onnx/…, preprocessor_config.json);
   * `open-clip`: Immich's (visual/, textual/, open_clip's config files; see open-clip-layout.ts).
   */
  layout: 'transformers.js' | 'open-clip';
  /** config.json; in the open-clip layout with the `model_type` of its family added. */
  config: JsonObject;
  /** The image processor's settings in preprocessor_config.json's keys (open_clip's preprocess_cfg.json translated). */
  preprocessorConfig: JsonObject;
  /** Where preprocessorConfig was read, relative to the folder. */
  preprocessorConfigFile: string;
  /** How texts are cleaned before tokenizing (Immich's clean_text), or null: the tokenizer alone. */
  textCleaning: TextCleaning | null;
  /** The text length the open-clip layout pads and cuts every text to (text_cfg.context_length), else null. */
  contextLength: number | null;
  tokenizer: JsonObject;
  /** `{}` when the export has no tokenizer_config.json (it only adds limits and special tokens). */
  tokenizerConfig: JsonObject;
  /** Raw bytes of the JSON files as read: the tokenizer files make the text tower's identity. */
  configBytes: Buffer;
  preprocessorConfigBytes: Buffer;
  tokenizerBytes: Buffer;
  /** Empty when the file is absent. */
  tokenizerConfigBytes: Buffer;
  /** Where the tokenizer files were read (relative): the folder itself, or a sentence-transformers Transformer module's folder. */
  tokenizerFile: string;
  tokenizerConfigFile: string;
  /** The vision tower's precision (see model-variant.ts); the text tower may run another one. */
  variant: ModelVariant;
  textVariant: ModelVariant;
  /** The tower files, relative to the folder (for messages); one file for both towers in a combined graph. */
  visionModelFile: string;
  textModelFile: string;
  visionModelPath: string;
  textModelPath: string;
  /** Both towers are one graph (`onnx/model.onnx`, as jina-clip-v2 ships): it takes input_ids and pixel_values together. */
  combined: boolean;
  /** External weight files of each tower graph (`*.onnx_data`), relative to the folder. */
  visionDataFiles: string[];
  textDataFiles: string[];
  /** The text tower's sentence-transformers modules (pooling, Dense) when the folder has modules.json, else null. */
  sentenceTransformers: SentenceTransformersTower | null;
}

/** Finds and parses every file; the first missing or unreadable one fails with its name and why. */
export async function readModelFolder(folder: string, requested?: ModelVariant): Promise<ModelFolder> {
  const root = resolve(folder);
  const info = await stat(root).catch(() => null);
  if (!info) throw new LumenFailure('missing-model', `model folder not found: ${root}`);
  if (!info.isDirectory()) throw new LumenFailure('missing-model', `model folder is not a folder: ${root}`);
  if (await isOpenClipFolder(root)) {
    if (requested !== undefined && requested !== 'fp32') {
      throw new LumenFailure(
        'missing-model',
        `the model in ${root} is in Immich's layout, which has its towers in one precision (fp32) only, so the ${requested} precision asked for is not there`,
      );
    }
    return readOpenClipFolder(root);
  }
  const checkpointWeights = await checkpointOnlyWeights(root);
  if (checkpointWeights.length > 0) throw new LumenFailure('missing-model', `the model folder ${root} ${checkpointOnlySentence(checkpointWeights)}`);

  const config = await readJsonFile(root, MODEL_FILES.config);
  const preprocessor = await readJsonFile(root, MODEL_FILES.preprocessorConfig);
  const sentenceTransformers = await readSentenceTransformersTower(root);
  const textDir = sentenceTransformers?.transformerDir ?? '';
  const inTextDir = (file: string): string => (textDir === '' ? file : `${textDir}/${file}`);
  const tokenizerFile = inTextDir(MODEL_FILES.tokenizer);
  const tokenizerConfigFile = inTextDir(MODEL_FILES.tokenizerConfig);
  if (sentenceTransformers === null) await refuseImageTowerAlone(root);
  const tokenizer = await readJsonFile(root, tokenizerFile);
  const tokenizerConfig = await readJsonFile(root, tokenizerConfigFile, { optional: true });
  const towers = await towerFiles(root, config.json, requested, sentenceTransformers ? inTextDir('onnx') : null);
  const visionModelPath = await requireFile(root, towers.vision.file);
  const textModelPath = await requireFile(root, towers.text.file);
  const visionDataFiles = await towerDataFiles(root, towers.vision.file);
  const textDataFiles = towers.combined ? visionDataFiles : await towerDataFiles(root, towers.text.file);
  return {
    folder: root,
    layout: 'transformers.js',
    config: config.json,
    preprocessorConfig: preprocessor.json,
    preprocessorConfigFile: MODEL_FILES.preprocessorConfig,
    textCleaning: null,
    contextLength: null,
    tokenizer: tokenizer.json,
    tokenizerConfig: tokenizerConfig.json,
    configBytes: config.bytes,
    preprocessorConfigBytes: preprocessor.bytes,
    tokenizerBytes: tokenizer.bytes,
    tokenizerConfigBytes: tokenizerConfig.bytes,
    tokenizerFile,
    tokenizerConfigFile,
    variant: towers.vision.variant,
    textVariant: towers.text.variant,
    visionModelFile: towers.vision.file,
    textModelFile: towers.text.file,
    visionModelPath,
    textModelPath,
    combined: towers.combined,
    visionDataFiles,
    textDataFiles,
    sentenceTransformers,
  };
}

/**
 * Immich's layout: no preprocessor_config.json, and the towers in visual/ and textual/. Both
 * towers and the files beside them are read as Immich reads them (open-clip-layout.ts); there is
 * one precision (Immich's other files, `model.armnn`, `fp16/`, `rknpu/`, are not ONNX graphs).
 */
async function isOpenClipFolder(root: string): Promise<boolean> {
  const isFile = async (file: string): Promise<boolean> => (await stat(join(root, file)).catch(() => null))?.isFile() === true;
  if (await isFile(MODEL_FILES.preprocessorConfig)) return false;
  return (await isFile(OPEN_CLIP_FILES.visionModel)) || (await isFile(OPEN_CLIP_FILES.preprocessConfig)) || (await isFile(OPEN_CLIP_FILES.textModel));
}

async function readOpenClipFolder(root: string): Promise<ModelFolder> {
  const config = await readJsonFile(root, OPEN_CLIP_FILES.config);
  const openClip = readOpenClipConfig(config.json);
  const preprocessor = await readJsonFile(root, OPEN_CLIP_FILES.preprocessConfig);
  const tokenizer = await readJsonFile(root, OPEN_CLIP_FILES.tokenizer);
  const tokenizerConfig = await readJsonFile(root, OPEN_CLIP_FILES.tokenizerConfig, { optional: true });
  const visionModelPath = await requireFile(root, OPEN_CLIP_FILES.visionModel);
  const textModelPath = await requireFile(root, OPEN_CLIP_FILES.textModel);
  return {
    folder: root,
    layout: 'open-clip',
    config: openClip.config,
    preprocessorConfig: openClipPreprocessorConfig(preprocessor.json),
    preprocessorConfigFile: OPEN_CLIP_FILES.preprocessConfig,
    textCleaning: openClip.cleaning,
    contextLength: openClip.contextLength,
    tokenizer: tokenizer.json,
    tokenizerConfig: tokenizerConfig.json,
    configBytes: config.bytes,
    preprocessorConfigBytes: preprocessor.bytes,
    tokenizerBytes: tokenizer.bytes,
    tokenizerConfigBytes: tokenizerConfig.bytes,
    tokenizerFile: OPEN_CLIP_FILES.tokenizer,
    tokenizerConfigFile: OPEN_CLIP_FILES.tokenizerConfig,
    variant: 'fp32',
    textVariant: 'fp32',
    visionModelFile: OPEN_CLIP_FILES.visionModel,
    textModelFile: OPEN_CLIP_FILES.textModel,
    visionModelPath,
    textModelPath,
    combined: false,
    visionDataFiles: await towerDataFiles(root, OPEN_CLIP_FILES.visionModel),
    textDataFiles: await towerDataFiles(root, OPEN_CLIP_FILES.textModel),
    sentenceTransformers: null,
  };
}

/**
 * Image towers are published alone too (nomic-embed-vision-v1.5, whose text tower is another
 * repository; vision-only CLIP exports): without a tokenizer and a text graph, say that, rather
 * than only that tokenizer.json is missing.
 */
async function refuseImageTowerAlone(root: string): Promise<void> {
  const isFile = async (file: string): Promise<boolean> => (await stat(join(root, file)).catch(() => null))?.isFile() === true;
  if (await isFile(MODEL_FILES.tokenizer)) return;
  const graphs = await readdir(join(root, 'onnx')).catch(() => []);
  if (graphs.some((name) => name.startsWith('text_model') && name.endsWith('.onnx'))) return;
  throw new LumenFailure(
    'missing-model',
    `the model folder ${root} has no text tower (no tokenizer.json and no onnx/text_model.onnx): an image tower alone cannot be searched by words, so Lumen needs a model with both towers in one folder (nomic-embed-vision-v1.5's text tower, for one, is the separate repository nomic-embed-text-v1.5, which Lumen does not pair with it)`,
  );
}

/** Every file a loaded model reads, relative to its folder: what an install copies and records. */
export function modelFolderFiles(files: ModelFolder): string[] {
  const list = [
    MODEL_FILES.config,
    files.preprocessorConfigFile,
    files.tokenizerFile,
    ...(files.tokenizerConfigBytes.length > 0 ? [files.tokenizerConfigFile] : []),
    files.visionModelFile,
    ...files.visionDataFiles,
    files.textModelFile,
    ...files.textDataFiles,
    ...(files.sentenceTransformers?.files.map((f) => f.file) ?? []),
  ];
  return [...new Set(list)];
}

interface TowerChoice {
  file: string;
  variant: ModelVariant;
}

/**
 * Which graph files are the towers. Three layouts exist: split towers (`onnx/vision_model.onnx`
 * and `onnx/text_model.onnx`, every Xenova export and jina-clip-v1), one combined graph
 * (`onnx/model.onnx`, jina-clip-v2), and a CLIP vision tower beside a sentence-transformers text
 * tower (`modules.json`; its Transformer's `onnx/model.onnx`). Each tower's precision: the one
 * config.json's `transformers.js_config.dtype` pins for it (the exporter knows which variants are
 * broken), else the one asked for, else the first of MODEL_VARIANTS present.
 */
async function towerFiles(
  root: string,
  config: JsonObject,
  requested: ModelVariant | undefined,
  sentenceTransformersGraph: string | null,
): Promise<{ vision: TowerChoice; text: TowerChoice; combined: boolean }> {
  const exists = async (file: string): Promise<boolean> => (await stat(join(root, file)).catch(() => null))?.isFile() === true;
  /**
   * sentence-transformers names its ONNX files itself (`model_quint8_avx2.onnx`, …): the first
   * present of the precision asked for (its int8 files count as `quantized`), else the first present.
   */
  const chooseSentenceTransformersGraph = async (onnxDir: string): Promise<TowerChoice> => {
    const present: TowerChoice[] = [];
    for (const name of SENTENCE_TRANSFORMERS_GRAPHS) {
      const file = `${onnxDir}/${name}.onnx`;
      if (await exists(file)) present.push({ file, variant: sentenceTransformersVariant(name) });
    }
    return present.find((choice) => choice.variant === requested) ?? present[0] ?? { file: `${onnxDir}/model.onnx`, variant: 'fp32' };
  };
  const choose = async (base: string, graph: GraphName): Promise<TowerChoice> => {
    const pinned = pinnedVariant(config, graph);
    if (pinned !== null || requested !== undefined) {
      const variant = pinned ?? (requested as ModelVariant);
      return { file: `${base}${variantSuffix(variant)}.onnx`, variant };
    }
    for (const variant of MODEL_VARIANTS) {
      const file = `${base}${variantSuffix(variant)}.onnx`;
      if (await exists(file)) return { file, variant };
    }
    return { file: `${base}.onnx`, variant: 'fp32' };
  };
  const anySplit = await Promise.all(MODEL_VARIANTS.flatMap((v) => Object.values(variantFiles(v))).map(exists));
  const anyCombined = await Promise.all(MODEL_VARIANTS.map((v) => exists(`onnx/model${variantSuffix(v)}.onnx`)));
  if (sentenceTransformersGraph === null && !anySplit.includes(true) && anyCombined.includes(true)) {
    const both = await choose('onnx/model', 'model');
    return { vision: both, text: both, combined: true };
  }
  const vision = await choose('onnx/vision_model', 'vision_model');
  const text =
    sentenceTransformersGraph === null ? await choose('onnx/text_model', 'text_model') : await chooseSentenceTransformersGraph(sentenceTransformersGraph);
  return { vision, text, combined: false };
}

/**
 * Refuses a model whose files are not the ones installed: each file the model loads must have the
 * SHA-256 recorded for it at install time (`expected`, relative path → hash; files it does not
 * list are not checked). The tower files' hashes (graphs and their external data, relative path →
 * hash) come from the read that also makes the tower identities, so a big model is not read twice.
 * A bit flipped on disk, a truncated or half-overwritten file, an edited JSON file: each is named,
 * with what to do.
 */
export function checkInstalledFiles(folder: ModelFolder, towerSha256: Readonly<Record<string, string>>, expected: Readonly<Record<string, string>>): void {
  const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  const actual: Array<[string, string | null]> = [
    [MODEL_FILES.config, sha256(folder.configBytes)],
    [folder.preprocessorConfigFile, sha256(folder.preprocessorConfigBytes)],
    [folder.tokenizerFile, sha256(folder.tokenizerBytes)],
    [folder.tokenizerConfigFile, folder.tokenizerConfigBytes.length > 0 ? sha256(folder.tokenizerConfigBytes) : null],
    ...(folder.sentenceTransformers?.files.map(({ file, bytes }): [string, string] => [file, sha256(bytes)]) ?? []),
    ...Object.entries(towerSha256),
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

/** The precision a sentence-transformers graph name stands for. */
function sentenceTransformersVariant(name: string): ModelVariant {
  if (name.includes('int8') || name === 'model_quantized') return 'quantized';
  return name === 'model_fp16' ? 'fp16' : 'fp32';
}

async function requireFile(root: string, relative: string): Promise<string> {
  const path = join(root, relative);
  const info = await stat(path).catch(() => null);
  if (!info) throw new LumenFailure('missing-model', `model file missing: ${relative} (expected at ${path})`);
  if (!info.isFile() || info.size === 0) throw new LumenFailure('bad-model', `model file ${relative} is empty or not a file (${path})`);
  await refuseLfsPointer(path, relative);
  return path;
}

async function readJsonFile(root: string, relative: string, options: { optional?: boolean } = {}): Promise<{ json: JsonObject; bytes: Buffer }> {
  const path = join(root, relative);
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(path, relative, relative.endsWith(MODEL_FILES.tokenizer) ? MAX_TOKENIZER_BYTES : MAX_CONFIG_BYTES);
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
  await refuseLfsPointer(path, relative);
  // Counted before parsing: parsing an oversized vocabulary is itself what costs the memory.
  if (relative.endsWith(MODEL_FILES.tokenizer)) checkTokenizerSize(bytes, relative, path);
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
