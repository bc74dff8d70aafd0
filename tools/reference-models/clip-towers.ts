import { attr } from '../onnx-builder/attributes';
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';
import { GraphBuilder } from '../onnx-builder/graph-builder';
import { floatTensor, int64Tensor } from '../onnx-builder/tensor-data';
import type { DualEncoderArchitecture, TextTowerSize } from './architecture';
import { patchEmbeddings, tokenAndPositionEmbeddings, toModelBytes } from './tower-parts';
import { SeededWeights } from './seeded-weights';
import { TransformerWriter } from './transformer-blocks';

/** float32's lowest value, the additive mask Hugging Face's CLIP uses for hidden positions. */
const MASKED = -3.4028234663852886e38;

/**
 * CLIPVisionModelWithProjection as transformers.js' export names it: pixel_values →
 * image_embeds (and last_hidden_state). Class token + patch embeddings (a bias-free strided Conv)
 * + positions, pre_layrnorm, encoder, post_layernorm of the class token, visual_projection.
 */
export function clipVisionModel(
  arch: DualEncoderArchitecture,
  seed: number,
  precision: WeightPrecision,
  options: { zeroBatchSafe?: boolean; fixedBatch?: number } = {},
): Uint8Array {
  const size = arch.vision;
  const b = new GraphBuilder('clip_vision_model');
  const w = new TransformerWriter(b, new SeededWeights(seed), precision);
  const pixels = b.input('pixel_values', 'float32', [options.fixedBatch ?? 'batch_size', 3, size.imageSize, size.imageSize]);
  const patches = patchEmbeddings(w, pixels, size, 'vision_model.embeddings.patch_embedding', false, options.zeroBatchSafe ?? false);
  const classToken = b.constant('class_embedding', w.weights.normal('vision_model.embeddings.class_embedding', [1, 1, size.hiddenSize], 1));
  const tokens = b.op('Concat', [w.expandToBatch(classToken, patches, [1, size.hiddenSize]), patches], { axis: attr.int(1) });
  const positions = (size.imageSize / size.patchSize) ** 2 + 1;
  const embedded = b.op('Add', [
    tokens,
    b.constant('position_embedding', w.weights.normal('vision_model.embeddings.position_embedding', [positions, size.hiddenSize], 0.5)),
  ]);
  const encoded = w.encoder(
    w.layerNorm(embedded, 'vision_model.pre_layrnorm', size.hiddenSize, size.layerNormEps),
    'vision_model.encoder',
    size,
    'quick_gelu',
    null,
  );
  const classState = b.op('Gather', [encoded, b.constant('class_index', int64Tensor([0], []))], { axis: attr.int(1) });
  const pooled = w.layerNorm(classState, 'vision_model.post_layernorm', size.hiddenSize, size.layerNormEps);
  b.output('image_embeds', 'float32', ['batch_size', arch.projectionDim], w.linear(pooled, 'visual_projection', size.hiddenSize, arch.projectionDim, false));
  b.output('last_hidden_state', 'float32', ['batch_size', positions, size.hiddenSize], encoded);
  return toModelBytes(b, 'CLIP vision tower with seeded random weights');
}

/**
 * CLIPTextModelWithProjection: input_ids, attention_mask → text_embeds (and last_hidden_state).
 * Causal self-attention plus the padding mask, final_layer_norm, then the state at the end-of-text
 * token — found, as in the original CLIP, as the argmax of input_ids (EOS has the largest id) —
 * through text_projection.
 */
export function clipTextModel(
  arch: DualEncoderArchitecture,
  vocabSize: number,
  seed: number,
  precision: WeightPrecision,
  signature: ClipTextSignature = {},
): Uint8Array {
  const size = arch.text;
  const b = new GraphBuilder('clip_text_model');
  const w = new TransformerWriter(b, new SeededWeights(seed), precision);
  const sequence = signature.fixedLength ?? 'sequence_length';
  const batch = signature.fixedBatch ?? 'batch_size';
  const ids = b.input('input_ids', 'int64', [batch, sequence]);
  const attentionMask = signature.attentionMask === false ? null : b.input('attention_mask', 'int64', [batch, sequence]);
  const embedded = tokenAndPositionEmbeddings(w, ids, size, vocabSize, 'text_model.embeddings');
  const encoded = w.encoder(embedded, 'text_model.encoder', size, 'quick_gelu', causalAndPaddingMask(b, ids, attentionMask, size));
  const normed = w.layerNorm(encoded, 'text_model.final_layer_norm', size.hiddenSize, size.layerNormEps);
  // ArgMax is not defined on int64 in older opsets, so exports cast to int32 first (as HF's code does).
  const eosIndex = b.op('ArgMax', [b.op('Cast', [ids], { to: attr.int(6) /* INT32 */ })], { axis: attr.int(-1), keepdims: attr.int(1) });
  const pooled = b.op('GatherND', [normed, b.op('Cast', [eosIndex], { to: attr.int(7) /* INT64 */ })], { batch_dims: attr.int(1) });
  b.output('text_embeds', 'float32', ['batch_size', arch.projectionDim], w.linear(pooled, 'text_projection', size.hiddenSize, arch.projectionDim, false));
  b.output('last_hidden_state', 'float32', ['batch_size', sequence, size.hiddenSize], normed);
  return toModelBytes(b, 'CLIP text tower with seeded random weights');
}

/**
 * How a CLIP text graph is exported. Xenova's CLIP and MobileCLIP text towers take `input_ids`
 * only (the causal mask alone hides what follows a text); MobileCLIP's is also fixed at 77 tokens.
 */
export interface ClipTextSignature {
  /** Default true: an `attention_mask` input besides `input_ids`. */
  attentionMask?: boolean;
  /** A fixed sequence length in the graph's input shape, instead of a free one. */
  fixedLength?: number;
  /** A fixed batch size in the graph's input shape (exports made for WebNN). */
  fixedBatch?: number;
}

/** [batch, 1, seq, seq]: a position sees itself and earlier positions that are not padding (without a mask input: every earlier position). */
function causalAndPaddingMask(b: GraphBuilder, ids: string, attentionMask: string | null, size: TextTowerSize): string {
  const n = size.maxPositions;
  const table = new Float32Array(n * n);
  for (let row = 0; row < n; row++) for (let col = row + 1; col < n; col++) table[row * n + col] = MASKED;
  const length = b.op('Slice', [b.op('Shape', [ids]), b.constant('one', int64Tensor([1], [1])), b.constant('two', int64Tensor([2], [1]))]);
  const bothEnds = b.op('Concat', [length, length], { axis: attr.int(0) });
  const causal = b.op('Slice', [b.constant('causal_mask', floatTensor(table, [n, n])), b.constant('origin', int64Tensor([0, 0], [2])), bothEnds]);
  if (attentionMask === null) return causal;
  const hidden = b.op('Sub', [b.constant('one_float', floatTensor([1], [])), b.op('Cast', [attentionMask], { to: attr.int(1) /* FLOAT */ })]);
  const padding = b.op('Unsqueeze', [
    b.op('Mul', [hidden, b.constant('masked', floatTensor([MASKED], []))]),
    b.constant('mask_axes', int64Tensor([1, 2], [2])),
  ]);
  return b.op('Add', [causal, padding]);
}
