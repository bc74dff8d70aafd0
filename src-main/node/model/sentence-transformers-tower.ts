import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { MAX_CONFIG_BYTES, readBoundedFile } from './model-file-limits';
import { readSafetensors } from './safetensors-file';

/**
 * A text tower in the sentence-transformers layout (`modules.json`): a Transformer module whose
 * ONNX graph returns one vector per token, then the modules sentence-transformers runs after it,
 * outside the graph — Pooling (`1_Pooling/config.json`), Dense layers (`2_Dense/config.json` and
 * `model.safetensors`) and Normalize — applied here exactly as sentence-transformers applies them.
 * This is the layout of sentence-transformers/clip-ViT-B-32-multilingual-v1, the multilingual
 * text tower distilled against CLIP ViT-B/32's image tower.
 */
export interface SentenceTransformersTower {
  /** Folder of the Transformer module relative to the model folder ('' for the folder itself). */
  transformerDir: string;
  /** Folder holding modules.json relative to the model folder: '' or `text` (a text tower installed beside an image tower). */
  baseDir: string;
  pooling: PoolingMode[];
  dense: DenseLayer[];
  normalize: boolean;
  /** sentence_bert_config.json's max_seq_length: texts are cut there, whatever the tokenizer allows. */
  maxSeqLength: number | null;
  /** The module files read (relative paths) and their bytes, which decide every text vector. */
  files: Array<{ file: string; bytes: Buffer }>;
}

/** In the order sentence-transformers' Pooling concatenates them. */
export type PoolingMode = 'cls' | 'max' | 'mean' | 'mean_sqrt_len';

export interface DenseLayer {
  inFeatures: number;
  outFeatures: number;
  /** [outFeatures × inFeatures], row-major, as torch.nn.Linear stores it. */
  weight: Float32Array;
  bias: Float32Array | null;
  activation: 'identity' | 'tanh';
}

export const MODULES_FILE = 'modules.json';
/**
 * Where a sentence-transformers text tower may sit in a model folder: in the folder itself (the
 * repository as published), or in `text/` beside an image tower's files (how the catalogue installs
 * clip-ViT-B-32-multilingual-v1 next to CLIP B/32's image tower).
 */
export const SENTENCE_TRANSFORMERS_DIRS = ['', 'text'] as const;

const MODULE_TYPE = 'sentence_transformers.models.';
/**
 * The Transformer module's graph as sentence-transformers exports it (`onnx/model.onnx`, its
 * optimized `model_O1.onnx` … `model_O4.onnx` and quantized `model_qint8_avx512.onnx`,
 * `model_quint8_avx2.onnx`, `model_qint8_arm64.onnx`, …) or with transformers.js suffixes, in the
 * order Lumen prefers them when nothing asks for one: full precision first.
 */
export const SENTENCE_TRANSFORMERS_GRAPHS = [
  'model',
  'model_O1',
  'model_O2',
  'model_O3',
  'model_O4',
  'model_quint8_avx2',
  'model_qint8_avx512',
  'model_qint8_avx512_vnni',
  'model_qint8_arm64',
  'model_quantized',
  'model_fp16',
  'model_int8',
  'model_uint8',
] as const;
/** Dense weights of real towers are a few megabytes (768 × 512 floats: 1.5 MB). */
const MAX_DENSE_BYTES = 256 * 1024 * 1024;
const POOLING_KEYS: ReadonlyArray<[string, PoolingMode | null]> = [
  ['pooling_mode_cls_token', 'cls'],
  ['pooling_mode_max_tokens', 'max'],
  ['pooling_mode_mean_tokens', 'mean'],
  ['pooling_mode_mean_sqrt_len_tokens', 'mean_sqrt_len'],
  ['pooling_mode_weightedmean_tokens', null],
  ['pooling_mode_lasttoken', null],
];
const ACTIVATIONS: Readonly<Record<string, DenseLayer['activation']>> = {
  'torch.nn.modules.linear.Identity': 'identity',
  'torch.nn.modules.activation.Tanh': 'tanh',
};

/** The tower described by `modules.json` in `root` or its `text/` folder, or null when there is none. */
export async function readSentenceTransformersTower(root: string): Promise<SentenceTransformersTower | null> {
  for (const baseDir of SENTENCE_TRANSFORMERS_DIRS) {
    if ((await stat(join(root, baseDir, MODULES_FILE)).catch(() => null))?.isFile()) return readTower(root, baseDir);
  }
  return null;
}

async function readTower(root: string, baseDir: string): Promise<SentenceTransformersTower> {
  const inBase = (path: string): string => [baseDir, path].filter((part) => part !== '').join('/');
  const modulesFile = inBase(MODULES_FILE);
  const files: SentenceTransformersTower['files'] = [];
  const readJson = async (file: string): Promise<Record<string, unknown>> => {
    const bytes = await readBoundedFile(join(root, file), file, MAX_CONFIG_BYTES).catch((error: unknown) => {
      if (error instanceof LumenFailure) throw error;
      throw new LumenFailure('missing-model', `model file missing: ${file} (named by ${modulesFile}; expected at ${join(root, file)})`);
    });
    files.push({ file, bytes });
    try {
      const value: unknown = JSON.parse(bytes.toString('utf8'));
      if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
    } catch {
      // worded below
    }
    throw new LumenFailure('bad-model', `model file ${file} is not a JSON object (${join(root, file)})`);
  };
  const modules = await readJson(modulesFile);
  if (!Array.isArray(modules)) throw new LumenFailure('bad-model', `model file ${modulesFile} must list the modules (${join(root, modulesFile)})`);
  const tower: SentenceTransformersTower = { transformerDir: baseDir, baseDir, pooling: [], dense: [], normalize: false, maxSeqLength: null, files };
  let transformers = 0;
  for (const entry of modules as unknown[]) {
    const { type, path } = (entry ?? {}) as { type?: unknown; path?: unknown };
    const own = typeof path === 'string' ? path.replace(/\/+$/, '') : '';
    if (own.split(/[\\/]/).includes('..') || own.startsWith('/'))
      throw new LumenFailure('bad-model', `model file ${modulesFile} names a module outside the model folder`);
    const dir = inBase(own);
    const kind = typeof type === 'string' && type.startsWith(MODULE_TYPE) ? type.slice(MODULE_TYPE.length) : String(type);
    const inDir = (name: string): string => (dir === '' ? name : `${dir}/${name}`);
    if (kind === 'Transformer') {
      transformers++;
      tower.transformerDir = dir;
      const bert = await readJson(inDir('sentence_bert_config.json')).catch(() => null);
      const length = bert?.max_seq_length;
      if (typeof length === 'number' && Number.isInteger(length) && length > 0) tower.maxSeqLength = length;
    } else if (kind === 'Pooling') {
      const config = await readJson(inDir('config.json'));
      for (const [key, mode] of POOLING_KEYS) {
        if (config[key] !== true) continue;
        if (mode === null) throw new LumenFailure('bad-model', `model file ${inDir('config.json')}: ${key} is not supported by Lumen`);
        tower.pooling.push(mode);
      }
      if (tower.pooling.length === 0) throw new LumenFailure('bad-model', `model file ${inDir('config.json')} turns on no pooling mode`);
    } else if (kind === 'Dense') {
      tower.dense.push(await readDense(root, inDir, readJson, files));
    } else if (kind === 'Normalize') {
      tower.normalize = true;
    } else {
      throw new LumenFailure('bad-model', `model file ${modulesFile} lists a ${String(type)} module, which Lumen does not run`);
    }
  }
  if (transformers !== 1) throw new LumenFailure('bad-model', `model file ${modulesFile} must list exactly one Transformer module, not ${transformers}`);
  if (tower.pooling.length === 0) throw new LumenFailure('bad-model', `model file ${modulesFile} lists no Pooling module after the Transformer`);
  return tower;
}

async function readDense(
  root: string,
  inDir: (name: string) => string,
  readJson: (file: string) => Promise<Record<string, unknown>>,
  files: SentenceTransformersTower['files'],
): Promise<DenseLayer> {
  const configFile = inDir('config.json');
  const config = await readJson(configFile);
  const { in_features: inFeatures, out_features: outFeatures, bias, activation_function: activationName } = config;
  if (!isSize(inFeatures) || !isSize(outFeatures)) throw new LumenFailure('bad-model', `model file ${configFile} needs in_features and out_features`);
  const activation = ACTIVATIONS[String(activationName ?? 'torch.nn.modules.activation.Tanh')];
  if (!activation) throw new LumenFailure('bad-model', `model file ${configFile}: activation ${JSON.stringify(activationName)} is not supported by Lumen`);
  const weightsFile = inDir('model.safetensors');
  const path = join(root, weightsFile);
  if (!(await stat(path).catch(() => null))?.isFile()) {
    throw new LumenFailure(
      'missing-model',
      `model file missing: ${weightsFile} (Lumen reads Dense weights from safetensors, not from pytorch_model.bin; expected at ${path})`,
    );
  }
  const bytes = await readBoundedFile(path, weightsFile, MAX_DENSE_BYTES);
  files.push({ file: weightsFile, bytes });
  const tensors = readSafetensors(bytes, weightsFile);
  const weight = tensors.get('linear.weight');
  if (!weight || weight.shape.length !== 2 || weight.shape[0] !== outFeatures || weight.shape[1] !== inFeatures) {
    throw new LumenFailure('bad-model', `model file ${weightsFile} has no linear.weight of [${outFeatures}, ${inFeatures}] as ${configFile} says`);
  }
  const biasTensor = tensors.get('linear.bias') ?? null;
  if (bias !== false && (!biasTensor || biasTensor.values.length !== outFeatures)) {
    throw new LumenFailure('bad-model', `model file ${weightsFile} has no linear.bias of ${outFeatures} values as ${configFile} says`);
  }
  return { inFeatures, outFeatures, weight: weight.values, bias: bias === false ? null : (biasTensor?.values ?? null), activation };
}

/**
 * Token vectors [batch, sequence, hidden] and their attention mask → one sentence vector per row:
 * pooling, then each Dense layer, then Normalize, as sentence-transformers computes them (float32
 * storage; sums in double precision, which only removes rounding).
 */
export function poolAndProject(tower: SentenceTransformersTower, tokens: Float32Array, dims: readonly number[], mask: BigInt64Array): Float32Array[] {
  const [batch = 0, sequence = 0, hidden = 0] = dims;
  const rows: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const at = (t: number, h: number): number => tokens[(b * sequence + t) * hidden + h] as number;
    const live = (t: number): boolean => mask[b * sequence + t] !== 0n;
    let count = 0;
    for (let t = 0; t < sequence; t++) if (live(t)) count++;
    const parts: number[][] = [];
    for (const mode of tower.pooling) {
      const out = new Array<number>(hidden).fill(0);
      if (mode === 'cls') for (let h = 0; h < hidden; h++) out[h] = at(0, h);
      else if (mode === 'max') {
        // sentence-transformers sets masked positions to -1e9 before the max.
        for (let h = 0; h < hidden; h++) {
          let best = -Infinity;
          for (let t = 0; t < sequence; t++) best = Math.max(best, live(t) ? at(t, h) : -1e9);
          out[h] = best;
        }
      } else {
        for (let t = 0; t < sequence; t++) if (live(t)) for (let h = 0; h < hidden; h++) out[h] = (out[h] as number) + at(t, h);
        const divisor = mode === 'mean' ? Math.max(count, 1e-9) : Math.sqrt(Math.max(count, 1e-9));
        for (let h = 0; h < hidden; h++) out[h] = (out[h] as number) / divisor;
      }
      parts.push(out);
    }
    let vector: Float32Array = Float32Array.from(parts.flat());
    for (const layer of tower.dense) vector = applyDense(layer, vector);
    if (tower.normalize) {
      const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
      vector = vector.map((v) => v / Math.max(norm, 1e-12));
    }
    rows.push(vector);
  }
  return rows;
}

/** The vector size the tower's modules turn a hidden size into. */
export function sentenceVectorSize(tower: SentenceTransformersTower, hidden: number): number {
  return tower.dense.at(-1)?.outFeatures ?? hidden * tower.pooling.length;
}

function applyDense(layer: DenseLayer, input: Float32Array): Float32Array {
  if (input.length !== layer.inFeatures) {
    throw new LumenFailure(
      'bad-model',
      `a Dense layer takes ${layer.inFeatures} values but the text tower gives ${input.length}: the modules do not belong together`,
    );
  }
  const out = new Float32Array(layer.outFeatures);
  for (let o = 0; o < layer.outFeatures; o++) {
    let sum = layer.bias ? (layer.bias[o] as number) : 0;
    const row = o * layer.inFeatures;
    for (let i = 0; i < layer.inFeatures; i++) sum += (layer.weight[row + i] as number) * (input[i] as number);
    out[o] = layer.activation === 'tanh' ? Math.tanh(sum) : sum;
  }
  return out;
}

const isSize = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65536;
