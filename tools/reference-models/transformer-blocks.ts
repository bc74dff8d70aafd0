import { attr } from '../onnx-builder/attributes';
import { matMulConstant, type WeightPrecision } from '../onnx-builder/dynamic-quantization';
import type { GraphBuilder } from '../onnx-builder/graph-builder';
import { floatTensor, int64Tensor } from '../onnx-builder/tensor-data';
import { headDim, type TransformerSize } from './architecture';
import type { SeededWeights } from './seeded-weights';

/** CLIP's MLP uses quick_gelu (x·σ(1.702x)); SigLIP's uses the tanh approximation of GELU. */
export type Activation = 'quick_gelu' | 'gelu_tanh';

/**
 * Writes the layers of a pre-LayerNorm ViT/text transformer (as Hugging Face's CLIP and SigLIP
 * modules compute them) into one graph, with weights named like the PyTorch parameters.
 * Activations are [batch, sequence, hidden] throughout.
 */
export class TransformerWriter {
  constructor(
    readonly b: GraphBuilder,
    readonly weights: SeededWeights,
    readonly precision: WeightPrecision,
  ) {}

  /** x·W (+ b). Only these weight products are quantized, as dynamic quantization does. */
  linear(x: string, name: string, inFeatures: number, outFeatures: number, bias = true): string {
    const product = matMulConstant(this.b, x, this.weights.matrix(`${name}.weight`, inFeatures, outFeatures), this.precision, name);
    if (!bias) return product;
    return this.b.op('Add', [product, this.b.constant(`${name}.bias`, this.weights.normal(`${name}.bias`, [outFeatures], 0.02))]);
  }

  /** Over the last axis; scale and shift are drawn around 1 and 0 so they matter. */
  layerNorm(x: string, name: string, size: number, eps: number): string {
    const scale = this.b.constant(`${name}.weight`, this.weights.normal(`${name}.weight`, [size], 0.1, 1));
    const shift = this.b.constant(`${name}.bias`, this.weights.normal(`${name}.bias`, [size], 0.1));
    return this.b.op('LayerNormalization', [x, scale, shift], { axis: attr.int(-1), epsilon: attr.float(eps) });
  }

  /**
   * Multi-head scaled dot-product attention of `query` over `keyValue`, with an optional additive
   * mask broadcastable to [batch, heads, queries, keys].
   */
  attention(query: string, keyValue: string, name: string, size: TransformerSize, mask: string | null): string {
    const { b } = this;
    const h = size.hiddenSize;
    const heads = b.constant('heads_shape', int64Tensor([0, 0, size.numHeads, headDim(size)], [4]));
    const split = (x: string, proj: string, perm: number[]): string =>
      b.op('Transpose', [b.op('Reshape', [this.linear(x, `${name}.${proj}`, h, h), heads])], { perm: attr.ints(perm) });
    const q = split(query, 'q_proj', [0, 2, 1, 3]);
    const kT = split(keyValue, 'k_proj', [0, 2, 3, 1]);
    const v = split(keyValue, 'v_proj', [0, 2, 1, 3]);
    let scores = b.op('Mul', [b.op('MatMul', [q, kT]), b.constant('attention_scale', floatTensor([1 / Math.sqrt(headDim(size))], []))]);
    if (mask !== null) scores = b.op('Add', [scores, mask]);
    const context = b.op('MatMul', [b.op('Softmax', [scores], { axis: attr.int(-1) }), v]);
    const merged = b.op('Reshape', [b.op('Transpose', [context], { perm: attr.ints([0, 2, 1, 3]) }), b.constant('merge_shape', int64Tensor([0, 0, h], [3]))]);
    return this.linear(merged, `${name}.out_proj`, h, h);
  }

  mlp(x: string, name: string, size: TransformerSize, activation: Activation): string {
    const hidden = this.linear(x, `${name}.fc1`, size.hiddenSize, size.intermediateSize);
    return this.linear(this.activate(hidden, activation), `${name}.fc2`, size.intermediateSize, size.hiddenSize);
  }

  /** x + attn(ln1(x)), then + mlp(ln2(·)): the pre-LN block of CLIP and SigLIP encoders. */
  encoderLayer(x: string, name: string, size: TransformerSize, activation: Activation, mask: string | null): string {
    const normed = this.layerNorm(x, `${name}.layer_norm1`, size.hiddenSize, size.layerNormEps);
    const afterAttention = this.b.op('Add', [x, this.attention(normed, normed, `${name}.self_attn`, size, mask)]);
    const normed2 = this.layerNorm(afterAttention, `${name}.layer_norm2`, size.hiddenSize, size.layerNormEps);
    return this.b.op('Add', [afterAttention, this.mlp(normed2, `${name}.mlp`, size, activation)]);
  }

  encoder(x: string, prefix: string, size: TransformerSize, activation: Activation, mask: string | null): string {
    let hidden = x;
    for (let layer = 0; layer < size.numLayers; layer++) hidden = this.encoderLayer(hidden, `${prefix}.layers.${layer}`, size, activation, mask);
    return hidden;
  }

  /** [1, …] → [batch, …] where batch is the first dimension of `like`. */
  expandToBatch(value: string, like: string, tail: readonly number[]): string {
    const { b } = this;
    const batch = b.op('Slice', [b.op('Shape', [like]), b.constant('zero', int64Tensor([0], [1])), b.constant('one', int64Tensor([1], [1]))]);
    const shape = b.op('Concat', [batch, b.constant('tail_shape', int64Tensor(tail, [tail.length]))], { axis: attr.int(0) });
    return b.op('Expand', [value, shape]);
  }

  private activate(x: string, activation: Activation): string {
    const { b } = this;
    const scalar = (name: string, value: number): string => b.constant(name, floatTensor([value], []));
    if (activation === 'quick_gelu') return b.op('Mul', [x, b.op('Sigmoid', [b.op('Mul', [x, scalar('quick_gelu_alpha', 1.702)])])]);
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const cubic = b.op('Mul', [b.op('Mul', [b.op('Mul', [x, x]), x]), scalar('gelu_cubic', 0.044715)]);
    const inner = b.op('Mul', [b.op('Add', [x, cubic]), scalar('gelu_sqrt_2_over_pi', Math.sqrt(2 / Math.PI))]);
    const gate = b.op('Add', [b.op('Tanh', [inner]), scalar('gelu_one', 1)]);
    return b.op('Mul', [b.op('Mul', [x, gate]), scalar('gelu_half', 0.5)]);
  }
}
