/**
 * The generated protobuf classes for ONNX, from the `onnx-proto` package. It is a CommonJS module,
 * so it is imported whole (Node's ESM loader cannot see its named exports); types come alongside.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';

export const onnx: typeof OnnxNamespace = onnxProto.onnx;
export type { OnnxNamespace as proto };
