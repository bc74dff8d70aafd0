import { attr } from '../onnx-builder/attributes';
import type { GraphBuilder } from '../onnx-builder/graph-builder';
import { int64Tensor } from '../onnx-builder/tensor-data';
import type { TextTowerSize, VisionTowerSize } from './architecture';
import type { TransformerWriter } from './transformer-blocks';

/** Opset 17 has LayerNormalization; ONNX IR 8. The exports' producer is named for what made them. */
export const REFERENCE_OPSET = 17;

export function toModelBytes(b: GraphBuilder, docString: string): Uint8Array {
  return b.toModelBytes({ opsetVersion: REFERENCE_OPSET, producerName: 'lumen-reference-models', docString });
}

/**
 * A strided Conv of patch × patch (one token per patch), flattened to [batch, patches, hidden].
 * `patchCountInShape` writes the patch count into the Reshape instead of -1, so a batch of zero
 * images (which jina-clip-v2's combined graph is fed when only texts are embedded) can be reshaped.
 */
export function patchEmbeddings(w: TransformerWriter, pixels: string, size: VisionTowerSize, name: string, bias: boolean, patchCountInShape = false): string {
  const { b } = w;
  const p = size.patchSize;
  if (size.imageSize % p !== 0) throw new Error(`image size ${size.imageSize} is not a multiple of patch size ${p}`);
  const kernel = b.constant(`${name}.weight`, w.weights.normal(`${name}.weight`, [size.hiddenSize, 3, p, p], 1 / Math.sqrt(3 * p * p)));
  const inputs = bias ? [pixels, kernel, b.constant(`${name}.bias`, w.weights.normal(`${name}.bias`, [size.hiddenSize], 0.02))] : [pixels, kernel];
  const grid = b.op('Conv', inputs, { kernel_shape: attr.ints([p, p]), strides: attr.ints([p, p]) });
  const patches = patchCountInShape ? (size.imageSize / p) ** 2 : -1;
  const flat = b.op('Reshape', [grid, b.constant('flatten_patches', int64Tensor([0, size.hiddenSize, patches], [3]))]);
  return b.op('Transpose', [flat], { perm: attr.ints([0, 2, 1]) });
}

/** token_embedding[input_ids] + position_embedding[0 … sequence − 1]. */
export function tokenAndPositionEmbeddings(w: TransformerWriter, ids: string, size: TextTowerSize, vocabSize: number, prefix: string): string {
  const { b } = w;
  const tokens = b.op('Gather', [b.constant('token_embedding', w.weights.normal(`${prefix}.token_embedding.weight`, [vocabSize, size.hiddenSize], 1)), ids], {
    axis: attr.int(0),
  });
  const length = b.op('Slice', [b.op('Shape', [ids]), b.constant('one', int64Tensor([1], [1])), b.constant('two', int64Tensor([2], [1]))]);
  const table = b.constant('position_embedding', w.weights.normal(`${prefix}.position_embedding.weight`, [size.maxPositions, size.hiddenSize], 0.5));
  const positions = b.op('Slice', [table, b.constant('zero', int64Tensor([0], [1])), length]);
  return b.op('Add', [tokens, positions]);
}
