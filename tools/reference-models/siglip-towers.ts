import { attr } from '../onnx-builder/attributes';
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';
import { GraphBuilder } from '../onnx-builder/graph-builder';
import { int64Tensor } from '../onnx-builder/tensor-data';
import type { DualEncoderArchitecture } from './architecture';
import { patchEmbeddings, tokenAndPositionEmbeddings, toModelBytes } from './tower-parts';
import { SeededWeights } from './seeded-weights';
import { TransformerWriter } from './transformer-blocks';

/**
 * SiglipVisionModel as exported: pixel_values → pooler_output (and last_hidden_state). Patch
 * embeddings (Conv with bias) + positions, no class token, encoder with tanh-GELU MLPs,
 * post_layernorm, then the multi-head attention pooling ("MAP") head: a learned probe attends over
 * all patches, then a residual LayerNorm + MLP.
 */
export function siglipVisionModel(arch: DualEncoderArchitecture, seed: number, precision: WeightPrecision): Uint8Array {
  const size = arch.vision;
  const b = new GraphBuilder('siglip_vision_model');
  const w = new TransformerWriter(b, new SeededWeights(seed), precision);
  const pixels = b.input('pixel_values', 'float32', ['batch_size', 3, size.imageSize, size.imageSize]);
  const patches = patchEmbeddings(w, pixels, size, 'vision_model.embeddings.patch_embedding', true);
  const count = (size.imageSize / size.patchSize) ** 2;
  const embedded = b.op('Add', [
    patches,
    b.constant('position_embedding', w.weights.normal('vision_model.embeddings.position_embedding.weight', [count, size.hiddenSize], 0.5)),
  ]);
  const encoded = w.encoder(embedded, 'vision_model.encoder', size, 'gelu_tanh', null);
  const lastHidden = w.layerNorm(encoded, 'vision_model.post_layernorm', size.hiddenSize, size.layerNormEps);

  const probe = w.expandToBatch(b.constant('probe', w.weights.normal('vision_model.head.probe', [1, 1, size.hiddenSize], 1)), lastHidden, [1, size.hiddenSize]);
  const attended = w.attention(probe, lastHidden, 'vision_model.head.attention', size, null);
  const refined = b.op('Add', [
    attended,
    w.mlp(w.layerNorm(attended, 'vision_model.head.layernorm', size.hiddenSize, size.layerNormEps), 'vision_model.head.mlp', size, 'gelu_tanh'),
  ]);
  const pooled = b.op('Gather', [refined, b.constant('probe_index', int64Tensor([0], []))], { axis: attr.int(1) });
  b.output('last_hidden_state', 'float32', ['batch_size', count, size.hiddenSize], lastHidden);
  b.output('pooler_output', 'float32', ['batch_size', size.hiddenSize], pooled);
  return toModelBytes(b, 'SigLIP vision tower with seeded random weights');
}

/**
 * SiglipTextModel as exported: input_ids only → pooler_output (and last_hidden_state). No
 * attention mask and no causal mask: the tower was trained on text padded to the full length, and
 * pools the state of the last position through a linear head.
 */
export function siglipTextModel(arch: DualEncoderArchitecture, vocabSize: number, seed: number, precision: WeightPrecision): Uint8Array {
  const size = arch.text;
  const b = new GraphBuilder('siglip_text_model');
  const w = new TransformerWriter(b, new SeededWeights(seed), precision);
  const ids = b.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const encoded = w.encoder(tokenAndPositionEmbeddings(w, ids, size, vocabSize, 'text_model.embeddings'), 'text_model.encoder', size, 'gelu_tanh', null);
  const lastHidden = w.layerNorm(encoded, 'text_model.final_layer_norm', size.hiddenSize, size.layerNormEps);
  const lastToken = b.op('Gather', [lastHidden, b.constant('last_index', int64Tensor([-1], []))], { axis: attr.int(1) });
  b.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', size.hiddenSize], lastHidden);
  b.output('pooler_output', 'float32', ['batch_size', arch.projectionDim], w.linear(lastToken, 'text_model.head', size.hiddenSize, arch.projectionDim));
  return toModelBytes(b, 'SigLIP text tower with seeded random weights');
}
