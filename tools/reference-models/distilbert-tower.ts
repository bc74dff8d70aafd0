import { attr } from '../onnx-builder/attributes';
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';
import { GraphBuilder } from '../onnx-builder/graph-builder';
import { floatTensor, int64Tensor } from '../onnx-builder/tensor-data';
import type { TextTowerSize } from './architecture';
import { SeededWeights } from './seeded-weights';
import { tokenAndPositionEmbeddings, toModelBytes } from './tower-parts';
import { TransformerWriter } from './transformer-blocks';

/** float32's lowest value: what DistilBERT's masked_fill puts on padding before the softmax. */
const MASKED = -3.4028234663852886e38;

/**
 * DistilBertModel as sentence-transformers' ONNX export writes it (`onnx/model.onnx` of
 * sentence-transformers/clip-ViT-B-32-multilingual-v1): input_ids, attention_mask →
 * last_hidden_state [batch, sequence, hidden], one vector per token; pooling and the Dense layer
 * run outside the graph. Word + position embeddings, LayerNorm, then post-LayerNorm blocks
 * (attention with the padding mask, residual, LayerNorm; MLP, residual, LayerNorm). The MLP uses
 * the tanh form of GELU where DistilBERT uses the exact one: a stand-in for the signature, not the
 * arithmetic.
 */
export function distilBertModel(size: TextTowerSize, vocabSize: number, seed: number, precision: WeightPrecision = 'fp32'): Uint8Array {
  const b = new GraphBuilder('distilbert');
  const w = new TransformerWriter(b, new SeededWeights(seed), precision);
  const ids = b.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = b.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const embedded = w.layerNorm(tokenAndPositionEmbeddings(w, ids, size, vocabSize, 'embeddings'), 'embeddings.LayerNorm', size.hiddenSize, size.layerNormEps);
  const hidden = b.op('Sub', [b.constant('one_float', floatTensor([1], [])), b.op('Cast', [mask], { to: attr.int(1) /* FLOAT */ })]);
  const padding = b.op('Unsqueeze', [
    b.op('Mul', [hidden, b.constant('masked', floatTensor([MASKED], []))]),
    b.constant('mask_axes', int64Tensor([1, 2], [2])),
  ]);
  let x = embedded;
  for (let layer = 0; layer < size.numLayers; layer++) {
    const name = `transformer.layer.${layer}`;
    const attended = b.op('Add', [x, w.attention(x, x, `${name}.attention`, size, padding)]);
    const normed = w.layerNorm(attended, `${name}.sa_layer_norm`, size.hiddenSize, size.layerNormEps);
    x = w.layerNorm(b.op('Add', [normed, w.mlp(normed, `${name}.ffn`, size, 'gelu_tanh')]), `${name}.output_layer_norm`, size.hiddenSize, size.layerNormEps);
  }
  b.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', size.hiddenSize], x);
  return toModelBytes(b, 'DistilBERT text transformer with seeded random weights');
}

/** A safetensors file of float32 tensors (8-byte header length, JSON header, raw little-endian data), as safetensors writes it. */
export function safetensorsBytes(tensors: Record<string, { shape: number[]; values: Float32Array }>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + tensor.values.length * 4] };
    offset += tensor.values.length * 4;
  }
  let headerText = JSON.stringify(header);
  // The header is padded with spaces to a multiple of 8 bytes.
  while ((Buffer.byteLength(headerText) + 8) % 8 !== 0) headerText += ' ';
  const headerBytes = Buffer.from(headerText, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const tensor of Object.values(tensors)) {
    for (const value of tensor.values) {
      out.writeFloatLE(value, at);
      at += 4;
    }
  }
  return out;
}
