import { onnx, type proto } from './onnx-proto';

/** Element types the builder can write; the names follow onnxruntime-node's tensor types. */
export type ElementType = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'bool';

export const ONNX_ELEMENT_TYPE: Readonly<Record<ElementType, number>> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** A constant tensor: typed values in row-major order plus its shape. */
export type TensorData =
  | { type: 'float32'; dims: readonly number[]; values: Float32Array }
  | { type: 'int64'; dims: readonly number[]; values: BigInt64Array }
  | { type: 'int32'; dims: readonly number[]; values: Int32Array }
  /** IEEE half precision, as raw 16-bit patterns. */
  | { type: 'float16'; dims: readonly number[]; values: Uint16Array }
  | { type: 'uint8' | 'bool'; dims: readonly number[]; values: Uint8Array };

export const floatTensor = (values: ArrayLike<number>, dims: readonly number[]): TensorData => ({
  type: 'float32',
  dims,
  values: Float32Array.from(values),
});

export const int64Tensor = (values: ArrayLike<number>, dims: readonly number[]): TensorData => ({
  type: 'int64',
  dims,
  values: BigInt64Array.from(Array.from(values, (v) => BigInt(v))),
});

/** Serializes as raw little-endian bytes (ONNX's raw_data), so large weights encode fast and exactly. */
export function toTensorProto(name: string, tensor: TensorData): proto.TensorProto {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (count !== tensor.values.length) {
    throw new Error(`tensor ${name}: dims [${tensor.dims.join(', ')}] hold ${count} values, got ${tensor.values.length}`);
  }
  return onnx.TensorProto.create({
    name,
    dims: [...tensor.dims],
    dataType: ONNX_ELEMENT_TYPE[tensor.type],
    rawData: littleEndianBytes(tensor),
  });
}

function littleEndianBytes(tensor: TensorData): Uint8Array {
  const { values } = tensor;
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  switch (tensor.type) {
    case 'float32':
      tensor.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
      break;
    case 'int64':
      tensor.values.forEach((v, i) => view.setBigInt64(i * 8, v, true));
      break;
    case 'int32':
      tensor.values.forEach((v, i) => view.setInt32(i * 4, v, true));
      break;
    case 'float16':
      tensor.values.forEach((v, i) => view.setUint16(i * 2, v, true));
      break;
    case 'uint8':
    case 'bool':
      bytes.set(tensor.values);
      break;
  }
  return bytes;
}
