import { onnx, type proto } from './onnx-proto';
import { toTensorProto, type TensorData } from './tensor-data';

/**
 * A node attribute with its ONNX type spelled out: `1` could be an INT or a FLOAT in ONNX, and the
 * operator schemas are strict about which, so the caller says which.
 */
export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: TensorData };

export type Attributes = Readonly<Record<string, Attribute>>;

export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
  ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): Attribute => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): Attribute => ({ kind: 'strings', value }),
  tensor: (value: TensorData): Attribute => ({ kind: 'tensor', value }),
};

const TYPE = onnx.AttributeProto.AttributeType;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function toAttributeProto(name: string, attribute: Attribute): proto.AttributeProto {
  switch (attribute.kind) {
    case 'int':
      return onnx.AttributeProto.create({ name, type: TYPE.INT, i: checkedInt(name, attribute.value) });
    case 'float':
      return onnx.AttributeProto.create({ name, type: TYPE.FLOAT, f: attribute.value });
    case 'string':
      return onnx.AttributeProto.create({ name, type: TYPE.STRING, s: utf8(attribute.value) });
    case 'ints':
      return onnx.AttributeProto.create({ name, type: TYPE.INTS, ints: attribute.value.map((v) => checkedInt(name, v)) });
    case 'floats':
      return onnx.AttributeProto.create({ name, type: TYPE.FLOATS, floats: [...attribute.value] });
    case 'strings':
      return onnx.AttributeProto.create({ name, type: TYPE.STRINGS, strings: attribute.value.map(utf8) });
    case 'tensor':
      return onnx.AttributeProto.create({ name, type: TYPE.TENSOR, t: toTensorProto(name, attribute.value) });
  }
}

function checkedInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer`);
  return value;
}
