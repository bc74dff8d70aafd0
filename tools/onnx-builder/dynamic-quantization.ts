import { attr } from './attributes';
import type { GraphBuilder } from './graph-builder';
import type { TensorData } from './tensor-data';
import { toFloat16Bits } from '../../src-main/node/model/float16';

/**
 * How a matrix product with a constant weight is written (`fp16-weights`: stored in half
 * precision and widened in the graph, with float32 inputs and outputs, like an fp16 export
 * converted with its I/O types kept):
 *  - `fp32`: MatMul on float weights;
 *  - `dynamic-uint8`: the weight stored as uint8 with one scale and zero point, the activation
 *    quantized at run time by DynamicQuantizeLinear, the product in MatMulInteger (int32) and
 *    scaled back to float — the graph onnxruntime's `quantize_dynamic` writes for the
 *    `*_quantized.onnx` files of transformers.js exports.
 */
export type WeightPrecision = 'fp32' | 'dynamic-uint8' | 'fp16-weights';

export interface QuantizedWeight {
  values: Uint8Array;
  scale: number;
  zeroPoint: number;
}

/**
 * Asymmetric per-tensor uint8 quantization over [min(w, 0), max(w, 0)], so that 0 is exactly
 * representable (as ONNX's QuantizeLinear requires of a zero point).
 */
export function quantizeUint8(weights: Float32Array): QuantizedWeight {
  let lo = 0;
  let hi = 0;
  for (const w of weights) {
    if (w < lo) lo = w;
    if (w > hi) hi = w;
  }
  const scale = Math.fround(hi > lo ? (hi - lo) / 255 : 1);
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  const values = new Uint8Array(weights.length);
  weights.forEach((w, i) => (values[i] = Math.min(255, Math.max(0, Math.round(w / scale) + zeroPoint))));
  return { values, scale, zeroPoint };
}

/** x · W for a constant W of shape [inFeatures, outFeatures], written at the given precision. */
export function matMulConstant(b: GraphBuilder, x: string, weight: TensorData, precision: WeightPrecision, prefix: string): string {
  if (weight.type !== 'float32' || weight.dims.length !== 2) throw new Error(`${prefix}: matMulConstant needs a float32 matrix`);
  if (precision === 'fp32') return b.op('MatMul', [x, b.constant(prefix, weight)]);
  if (precision === 'fp16-weights') {
    const half = b.constant(`${prefix}_fp16`, { type: 'float16', dims: weight.dims, values: toFloat16Bits(weight.values) });
    return b.op('MatMul', [x, b.op('Cast', [half], { to: attr.int(1) /* FLOAT */ })]);
  }
  const q = quantizeUint8(weight.values);
  const qWeight = b.constant(`${prefix}_quantized`, { type: 'uint8', dims: weight.dims, values: q.values });
  const weightZeroPoint = b.constant(`${prefix}_zero_point`, { type: 'uint8', dims: [], values: Uint8Array.of(q.zeroPoint) });
  const weightScale = b.constant(`${prefix}_scale`, { type: 'float32', dims: [], values: Float32Array.of(q.scale) });
  const [xQuantized, xScale, xZeroPoint] = b.node('DynamicQuantizeLinear', [x], {}, { outputs: 3 }) as [string, string, string];
  const product = b.op('MatMulInteger', [xQuantized, qWeight, xZeroPoint, weightZeroPoint]);
  const asFloat = b.op('Cast', [product], { to: attr.int(1) /* FLOAT */ });
  return b.op('Mul', [asFloat, b.op('Mul', [xScale, weightScale])]);
}
