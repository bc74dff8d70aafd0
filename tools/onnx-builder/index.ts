/** A small, general ONNX graph writer on top of onnx-proto: see GraphBuilder. */
export { attr, type Attribute, type Attributes } from './attributes';
export { GraphBuilder, type Dimension, type ModelOptions, type NodeOptions } from './graph-builder';
export { floatTensor, int64Tensor, type ElementType, type TensorData } from './tensor-data';
export { matMulConstant, quantizeUint8, type QuantizedWeight, type WeightPrecision } from './dynamic-quantization';
