/**
 * A model folder whose vision tower has the architecture and size of CLIP ViT-B/32 (224-px input,
 * 32-px patches, width 768, 12 layers × 12 heads, MLP 3072, pre/post LayerNorm, quick-GELU), with
 * random weights: the real compute and memory of a production tower, no download. Its output is
 * projected to the dimension of the shapes-lit text tower, which is copied in with its tokenizer so
 * that Lumen loads the folder like any other model (that projection is ~0.02 % of the compute).
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attr } from '../tools/onnx-builder/attributes';
import { GraphBuilder } from '../tools/onnx-builder/graph-builder';
import { int64Tensor, type TensorData } from '../tools/onnx-builder/tensor-data';

const IMAGE = 224;
const PATCH = 32;
const WIDTH = 768;
const LAYERS = 12;
const HEADS = 12;
const MLP = 3072;
const TOKENS = (IMAGE / PATCH) ** 2 + 1;

/** Deterministic uniform weights in ±scale (mulberry32): the same bytes every time. */
function randomTensor(dims: readonly number[], scale: number, seed: { value: number }): TensorData {
  const count = dims.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  let state = seed.value >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  seed.value = state;
  return { type: 'float32', dims, values };
}

function filled(dims: readonly number[], value: number): TensorData {
  return { type: 'float32', dims, values: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value) };
}

export function buildVitB32VisionGraph(projectionDim: number): Uint8Array {
  const g = new GraphBuilder('vit_b32_vision');
  const seed = { value: 20261125 };
  const weight = (prefix: string, dims: number[]): string => g.constant(prefix, randomTensor(dims, 0.02 * Math.sqrt(3), seed));
  const layerNorm = (x: string, prefix: string): string =>
    g.op('LayerNormalization', [x, g.constant(`${prefix}_gamma`, filled([WIDTH], 1)), g.constant(`${prefix}_beta`, filled([WIDTH], 0))], {
      axis: attr.int(-1),
      epsilon: attr.float(1e-5),
    });
  const linear = (x: string, prefix: string, inDim: number, outDim: number): string =>
    g.op('Add', [g.op('MatMul', [x, weight(`${prefix}_w`, [inDim, outDim])]), g.constant(`${prefix}_b`, filled([outDim], 0))]);
  const constInts = (prefix: string, values: number[]): string => g.constant(prefix, int64Tensor(values, [values.length]));

  const pixels = g.input('pixel_values', 'float32', ['batch', 3, IMAGE, IMAGE]);
  const patches = g.op('Conv', [pixels, weight('patch_w', [WIDTH, 3, PATCH, PATCH])], {
    strides: attr.ints([PATCH, PATCH]),
    kernel_shape: attr.ints([PATCH, PATCH]),
  });
  const sequence = g.op('Transpose', [g.op('Reshape', [patches, constInts('flat', [0, WIDTH, -1])])], { perm: attr.ints([0, 2, 1]) });
  const batchDim = g.op('Slice', [g.op('Shape', [sequence]), constInts('s0', [0]), constInts('s1', [1])]);
  const clsShape = g.op('Concat', [batchDim, constInts('cls_tail', [1, WIDTH])], { axis: attr.int(0) });
  const cls = g.op('Expand', [weight('class_embedding', [1, 1, WIDTH]), clsShape]);
  let x = g.op('Add', [g.op('Concat', [cls, sequence], { axis: attr.int(1) }), weight('position_embedding', [1, TOKENS, WIDTH])]);
  x = layerNorm(x, 'ln_pre');

  const headDim = WIDTH / HEADS;
  const splitHeads = constInts('heads', [0, 0, HEADS, headDim]);
  const mergeHeads = constInts('merge', [0, 0, WIDTH]);
  const scale = g.constant('attn_scale', filled([1], 1 / Math.sqrt(headDim)));
  const geluFactor = g.constant('gelu_factor', filled([1], 1.702));
  for (let layer = 0; layer < LAYERS; layer++) {
    const p = `l${layer}`;
    const normed = layerNorm(x, `${p}_ln1`);
    const [q, k, v] = ['q', 'k', 'v'].map((name) => g.op('Reshape', [linear(normed, `${p}_${name}`, WIDTH, WIDTH), splitHeads])) as [string, string, string];
    const qh = g.op('Transpose', [q], { perm: attr.ints([0, 2, 1, 3]) });
    const kh = g.op('Transpose', [k], { perm: attr.ints([0, 2, 3, 1]) });
    const vh = g.op('Transpose', [v], { perm: attr.ints([0, 2, 1, 3]) });
    const attention = g.op('Softmax', [g.op('Mul', [g.op('MatMul', [qh, kh]), scale])], { axis: attr.int(-1) });
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [attention, vh])], { perm: attr.ints([0, 2, 1, 3]) }), mergeHeads]);
    x = g.op('Add', [x, linear(context, `${p}_out`, WIDTH, WIDTH)]);
    const hidden = linear(layerNorm(x, `${p}_ln2`), `${p}_fc1`, WIDTH, MLP);
    const activated = g.op('Mul', [hidden, g.op('Sigmoid', [g.op('Mul', [hidden, geluFactor])])]);
    x = g.op('Add', [x, linear(activated, `${p}_fc2`, MLP, WIDTH)]);
  }
  const pooled = layerNorm(g.op('Gather', [x, g.constant('first', int64Tensor([0], []))], { axis: attr.int(1) }), 'ln_post');
  const embeds = g.op('MatMul', [pooled, weight('visual_projection', [WIDTH, projectionDim])]);
  g.output('image_embeds', 'float32', ['batch', projectionDim], embeds);
  return g.toModelBytes({ opsetVersion: 17, producerName: 'lumen-bench', docString: 'ViT-B/32-sized vision tower with random weights, for benchmarks only' });
}

const CLIP_PREPROCESSING = {
  image_processor_type: 'CLIPImageProcessor',
  do_resize: true,
  size: { shortest_edge: IMAGE },
  resample: 3,
  do_center_crop: true,
  crop_size: { height: IMAGE, width: IMAGE },
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
};

/** Writes (once) the benchmark model folder next to a text tower taken from `textModelFolder`. */
export async function ensureVitB32Folder(out: string, textModelFolder: string): Promise<string> {
  if (existsSync(join(out, 'onnx/vision_model.onnx'))) return out;
  const textConfig = JSON.parse(await readFile(join(textModelFolder, 'config.json'), 'utf8')) as { projection_dim?: number };
  const projectionDim = textConfig.projection_dim;
  if (!projectionDim) throw new Error(`${textModelFolder}/config.json has no projection_dim`);
  await mkdir(join(out, 'onnx'), { recursive: true });
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'onnx/text_model.onnx']) await copyFile(join(textModelFolder, file), join(out, file));
  await writeFile(join(out, 'preprocessor_config.json'), JSON.stringify(CLIP_PREPROCESSING, null, 2));
  await writeFile(
    join(out, 'config.json'),
    JSON.stringify({ name: 'vit-b32-random', projection_dim: projectionDim, note: 'benchmark model: ViT-B/32 vision architecture, random weights' }, null, 2),
  );
  await writeFile(join(out, 'onnx/vision_model.onnx'), buildVitB32VisionGraph(projectionDim));
  return out;
}
