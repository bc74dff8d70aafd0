import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Weight files of the original (PyTorch, TensorFlow, Flax) checkpoints, which Lumen cannot run:
 * openai/clip-*, google/siglip-*, timm's OpenCLIP repositories. People name these repositories
 * first; their ONNX exports live elsewhere on the hub.
 */
export const CHECKPOINT_WEIGHT_FILES = [
  'model.safetensors',
  'pytorch_model.bin',
  'open_clip_model.safetensors',
  'open_clip_pytorch_model.bin',
  'tf_model.h5',
  'flax_model.msgpack',
] as const;

/** What to say of a repository or folder that holds these weights and no ONNX graph. */
export function checkpointOnlySentence(weights: readonly string[]): string {
  return `has no ONNX graphs, only the original checkpoint's weights (${weights.join(', ')}), which Lumen cannot run; install an ONNX export of the model instead (the Xenova/ and onnx-community/ repositories on the hub hold them, such as Xenova/clip-vit-base-patch32)`;
}

/** The checkpoint weight files a folder holds when it has no `.onnx` file at its top or in `onnx/`; else an empty list. */
export async function checkpointOnlyWeights(root: string): Promise<string[]> {
  const names = async (dir: string): Promise<string[]> => readdir(dir).catch(() => []);
  const [top, onnxDir] = await Promise.all([names(root), names(join(root, 'onnx'))]);
  if ([...top, ...onnxDir].some((name) => name.endsWith('.onnx'))) return [];
  return CHECKPOINT_WEIGHT_FILES.filter((file) => top.includes(file));
}
