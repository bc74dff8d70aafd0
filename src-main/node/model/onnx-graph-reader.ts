import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * What the allocation check needs from an ONNX file, read straight from its protobuf encoding:
 * every node's operator, inputs and the attributes that fix sizes, every initializer's shape (its
 * values only when it is small, like a shape vector), and the declared graph inputs and outputs.
 * Weights are skipped by seeking past them, so a model of gigabytes costs a few reads of its
 * structure, not its size in memory. Subgraphs (If, Loop, Scan bodies) are read the same way.
 */
export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Subgraphs held by this graph's nodes' attributes, each read the same way. */
  subgraphs: OnnxGraph[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
}

export interface OnnxAttribute {
  name: string;
  int: number | null;
  ints: number[];
  float: number | null;
  floats: number[];
  tensor: OnnxTensor | null;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** The values of a numeric tensor of at most SMALL_TENSOR_VALUES elements; null otherwise. */
  values: number[] | null;
  /** Where its data lives when it is kept outside the .onnx file (ONNX external data), else null. */
  externalLocation: string | null;
  /** A sparse tensor: `dims` is the dense shape onnxruntime expands it to. */
  sparse: boolean;
}

export interface OnnxValueInfo {
  name: string;
  /** Fixed dimensions as numbers, symbolic or unknown ones as null. */
  dims: Array<number | null>;
}

/** Shape vectors and scalars are this small; anything bigger is not read. */
const SMALL_TENSOR_VALUES = 64;
/** ONNX TensorProto.DataType values whose small tensors are decoded. */
const DATA_TYPE = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;
const WIRE = { VARINT: 0, I64: 1, LEN: 2, START_GROUP: 3, END_GROUP: 4, I32: 5 } as const;
/** Nesting of subgraphs deeper than this is not a model anyone exports. */
const MAX_GRAPH_DEPTH = 16;

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

/** Reads the graph of the .onnx file at `path` (synchronously: it reads kilobytes, not the weights). */
export function readOnnxGraph(path: string): OnnxGraph {
  const fd = openSync(path, 'r');
  try {
    const reader = new ProtoReader(fd, fstatSync(fd).size);
    let graph: OnnxGraph | null = null;
    readFields(reader, reader.size, (field, wire) => {
      if (field === 7 && wire === WIRE.LEN) graph = readGraph(reader, reader.lengthEnd(), 0);
      else return false;
      return true;
    });
    if (!graph) throw new OnnxFormatError('it holds no graph');
    return graph;
  } finally {
    closeSync(fd);
  }
}

/**
 * Protobuf wire format over a file descriptor with a small window of buffered bytes, so reading
 * field by field costs few system calls and a skipped field costs none.
 */
class ProtoReader {
  private readonly window = Buffer.alloc(64 * 1024);
  private windowStart = 0;
  private windowLength = 0;
  position = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  byte(): number {
    if (this.position >= this.size) throw new OnnxFormatError('it ends in the middle of a field');
    if (this.position < this.windowStart || this.position >= this.windowStart + this.windowLength) this.fill();
    return this.window[this.position++ - this.windowStart] as number;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result);
    }
    throw new OnnxFormatError('it holds a malformed number');
  }

  /** A varint as a JavaScript number (exact up to 2^53, which every size that matters is below). */
  number(): number {
    return Number(this.varint());
  }

  /** The end offset of the length-delimited field whose length comes next. */
  lengthEnd(): number {
    const length = this.number();
    const end = this.position + length;
    if (length < 0 || end > this.size) throw new OnnxFormatError('a field runs past the end of the file');
    return end;
  }

  bytes(end: number): Buffer {
    const out = Buffer.alloc(end - this.position);
    let filled = 0;
    while (filled < out.length) {
      const read = readSync(this.fd, out, filled, out.length - filled, this.position + filled);
      if (read === 0) throw new OnnxFormatError('it ends in the middle of a field');
      filled += read;
    }
    this.position = end;
    return out;
  }

  string(end: number): string {
    return this.bytes(end).toString('utf8');
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE.VARINT:
        this.varint();
        return;
      case WIRE.I64:
        this.seek(this.position + 8);
        return;
      case WIRE.I32:
        this.seek(this.position + 4);
        return;
      case WIRE.LEN:
        this.seek(this.lengthEnd());
        return;
      case WIRE.START_GROUP:
        // Deprecated, but protobuf parsers (onnxruntime's included) still accept them as unknown fields.
        for (;;) {
          const tag = this.number();
          if (tag % 8 === WIRE.END_GROUP) return;
          this.skip(tag % 8);
        }
      default:
        throw new OnnxFormatError(`it uses protobuf wire type ${wire}, which ONNX files do not`);
    }
  }

  seek(position: number): void {
    if (position > this.size) throw new OnnxFormatError('a field runs past the end of the file');
    this.position = position;
  }

  private fill(): void {
    this.windowStart = this.position;
    this.windowLength = readSync(this.fd, this.window, 0, this.window.length, this.position);
    if (this.windowLength === 0) throw new OnnxFormatError('it ends in the middle of a field');
  }
}

/** Calls `onField` for each field up to `end`; fields it does not take (returns false) are skipped. */
function readFields(reader: ProtoReader, end: number, onField: (field: number, wire: number) => boolean): void {
  while (reader.position < end) {
    const tag = reader.number();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new OnnxFormatError('it holds a field numbered 0');
    if (!onField(field, wire)) reader.skip(wire);
  }
  if (reader.position !== end) throw new OnnxFormatError('a field runs past the end of its message');
}

/** A repeated int64 field, packed (one LEN field) or not (one varint per value). */
function readInt64s(reader: ProtoReader, wire: number, into: number[]): void {
  if (wire === WIRE.LEN) {
    const end = reader.lengthEnd();
    while (reader.position < end) into.push(reader.number());
  } else if (wire === WIRE.VARINT) {
    into.push(reader.number());
  } else {
    reader.skip(wire);
  }
}

function readFloat32s(reader: ProtoReader, wire: number, into: number[]): void {
  if (wire === WIRE.LEN) {
    const end = reader.lengthEnd();
    const bytes = reader.bytes(end);
    for (let i = 0; i + 4 <= bytes.length; i += 4) into.push(bytes.readFloatLE(i));
  } else if (wire === WIRE.I32) {
    into.push(reader.bytes(reader.position + 4).readFloatLE(0));
  } else {
    reader.skip(wire);
  }
}

function readGraph(reader: ProtoReader, end: number, depth: number): OnnxGraph {
  if (depth > MAX_GRAPH_DEPTH) throw new OnnxFormatError(`its subgraphs nest deeper than ${MAX_GRAPH_DEPTH} levels`);
  const graph: OnnxGraph = { nodes: [], initializers: [], inputs: [], outputs: [], subgraphs: [] };
  readFields(reader, end, (field, wire) => {
    if (wire !== WIRE.LEN) return false;
    const fieldEnd = reader.lengthEnd();
    if (field === 1) graph.nodes.push(readNode(reader, fieldEnd, graph, depth));
    else if (field === 5) graph.initializers.push(readTensor(reader, fieldEnd));
    else if (field === 15) graph.initializers.push(readSparseTensor(reader, fieldEnd));
    else if (field === 11) graph.inputs.push(readValueInfo(reader, fieldEnd));
    else if (field === 12) graph.outputs.push(readValueInfo(reader, fieldEnd));
    else reader.seek(fieldEnd);
    return true;
  });
  return graph;
}

function readNode(reader: ProtoReader, end: number, graph: OnnxGraph, depth: number): OnnxNode {
  const node: OnnxNode = { name: '', opType: '', inputs: [], outputs: [], attributes: [] };
  readFields(reader, end, (field, wire) => {
    if (wire !== WIRE.LEN) return false;
    const fieldEnd = reader.lengthEnd();
    if (field === 1) node.inputs.push(reader.string(fieldEnd));
    else if (field === 2) node.outputs.push(reader.string(fieldEnd));
    else if (field === 3) node.name = reader.string(fieldEnd);
    else if (field === 4) node.opType = reader.string(fieldEnd);
    else if (field === 5) node.attributes.push(readAttribute(reader, fieldEnd, graph, depth));
    else reader.seek(fieldEnd);
    return true;
  });
  return node;
}

function readAttribute(reader: ProtoReader, end: number, graph: OnnxGraph, depth: number): OnnxAttribute {
  const attribute: OnnxAttribute = { name: '', int: null, ints: [], float: null, floats: [], tensor: null };
  readFields(reader, end, (field, wire) => {
    if (field === 1 && wire === WIRE.LEN) attribute.name = reader.string(reader.lengthEnd());
    else if (field === 2 && wire === WIRE.I32) attribute.float = reader.bytes(reader.position + 4).readFloatLE(0);
    else if (field === 3 && wire === WIRE.VARINT) attribute.int = reader.number();
    else if (field === 5 && wire === WIRE.LEN) attribute.tensor = readTensor(reader, reader.lengthEnd());
    else if (field === 6 && wire === WIRE.LEN) graph.subgraphs.push(readGraph(reader, reader.lengthEnd(), depth + 1));
    else if (field === 7) readFloat32s(reader, wire, attribute.floats);
    else if (field === 8) readInt64s(reader, wire, attribute.ints);
    else if (field === 11 && wire === WIRE.LEN) graph.subgraphs.push(readGraph(reader, reader.lengthEnd(), depth + 1));
    else if (field === 22 && wire === WIRE.LEN) attribute.tensor = readSparseTensor(reader, reader.lengthEnd());
    else return false;
    return true;
  });
  return attribute;
}

function readTensor(reader: ProtoReader, end: number): OnnxTensor {
  const tensor: OnnxTensor = { name: '', dims: [], dataType: 0, values: null, externalLocation: null, sparse: false };
  const inline: number[] = [];
  let raw: { start: number; end: number } | null = null;
  readFields(reader, end, (field, wire) => {
    if (field === 1) readInt64s(reader, wire, tensor.dims);
    else if (field === 2 && wire === WIRE.VARINT) tensor.dataType = reader.number();
    else if (field === 4 || field === 5 || field === 7) readSmallInline(reader, field, wire, inline);
    else if (field === 8 && wire === WIRE.LEN) tensor.name = reader.string(reader.lengthEnd());
    else if (field === 9 && wire === WIRE.LEN) {
      const rawEnd = reader.lengthEnd();
      raw = { start: reader.position, end: rawEnd };
      reader.seek(rawEnd);
    } else if (field === 13 && wire === WIRE.LEN) {
      const entry = readKeyValue(reader, reader.lengthEnd());
      if (entry.key === 'location') tensor.externalLocation = entry.value;
    } else return false;
    return true;
  });
  const count = elementCount(tensor.dims);
  if (count <= SMALL_TENSOR_VALUES) {
    if (raw !== null) {
      const after = reader.position;
      const { start, end: rawEnd } = raw;
      reader.seek(start);
      tensor.values = decodeRaw(reader.bytes(rawEnd), tensor.dataType);
      reader.seek(after);
    } else if (inline.length === count) {
      tensor.values = inline;
    }
  }
  return tensor;
}

/**
 * float_data (4), int32_data (5) or int64_data (7) of a tensor, kept only while the values are few
 * (a shape vector): the weights of a model stored this way are skipped, not decoded.
 */
function readSmallInline(reader: ProtoReader, field: number, wire: number, into: number[]): void {
  const packedEnd = wire === WIRE.LEN ? reader.lengthEnd() : null;
  if (into.length > SMALL_TENSOR_VALUES || (packedEnd !== null && packedEnd - reader.position > SMALL_TENSOR_VALUES * 10)) {
    if (packedEnd === null) reader.skip(wire);
    else reader.seek(packedEnd);
    into.length = SMALL_TENSOR_VALUES + 1;
    return;
  }
  if (packedEnd !== null) {
    if (field === 4) {
      const bytes = reader.bytes(packedEnd);
      for (let i = 0; i + 4 <= bytes.length; i += 4) into.push(bytes.readFloatLE(i));
    } else {
      while (reader.position < packedEnd) into.push(reader.number());
    }
  } else if (field === 4) {
    readFloat32s(reader, wire, into);
  } else {
    readInt64s(reader, wire, into);
  }
}

/** A SparseTensorProto: its dense shape is what onnxruntime allocates when it expands it. */
function readSparseTensor(reader: ProtoReader, end: number): OnnxTensor {
  const tensor: OnnxTensor = { name: '', dims: [], dataType: 0, values: null, externalLocation: null, sparse: true };
  readFields(reader, end, (field, wire) => {
    if (field === 1 && wire === WIRE.LEN) {
      const values = readTensor(reader, reader.lengthEnd());
      tensor.name = values.name;
      tensor.dataType = values.dataType;
      tensor.externalLocation = values.externalLocation;
    } else if (field === 3) readInt64s(reader, wire, tensor.dims);
    else return false;
    return true;
  });
  return tensor;
}

function readKeyValue(reader: ProtoReader, end: number): { key: string; value: string } {
  const entry = { key: '', value: '' };
  readFields(reader, end, (field, wire) => {
    if (wire !== WIRE.LEN) return false;
    if (field === 1) entry.key = reader.string(reader.lengthEnd());
    else if (field === 2) entry.value = reader.string(reader.lengthEnd());
    else return false;
    return true;
  });
  return entry;
}

function readValueInfo(reader: ProtoReader, end: number): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '', dims: [] };
  readFields(reader, end, (field, wire) => {
    if (field === 1 && wire === WIRE.LEN) info.name = reader.string(reader.lengthEnd());
    else if (field === 2 && wire === WIRE.LEN) info.dims = readTensorTypeDims(reader, reader.lengthEnd());
    else return false;
    return true;
  });
  return info;
}

/** TypeProto → tensor_type (1) or sparse_tensor_type (8) → shape (2) → dim (1) → dim_value (1). */
function readTensorTypeDims(reader: ProtoReader, end: number): Array<number | null> {
  const dims: Array<number | null> = [];
  readFields(reader, end, (field, wire) => {
    if ((field !== 1 && field !== 8) || wire !== WIRE.LEN) return false;
    readFields(reader, reader.lengthEnd(), (tensorField, tensorWire) => {
      if (tensorField !== 2 || tensorWire !== WIRE.LEN) return false;
      readFields(reader, reader.lengthEnd(), (shapeField, shapeWire) => {
        if (shapeField !== 1 || shapeWire !== WIRE.LEN) return false;
        let value: number | null = null;
        readFields(reader, reader.lengthEnd(), (dimField, dimWire) => {
          if (dimField !== 1 || dimWire !== WIRE.VARINT) return false;
          value = reader.number();
          return true;
        });
        dims.push(value);
        return true;
      });
      return true;
    });
    return true;
  });
  return dims;
}

function decodeRaw(bytes: Buffer, dataType: number): number[] | null {
  const values: number[] = [];
  const width = dataType === DATA_TYPE.INT64 || dataType === DATA_TYPE.DOUBLE ? 8 : dataType === DATA_TYPE.INT32 || dataType === DATA_TYPE.FLOAT ? 4 : 0;
  if (width === 0) return null;
  for (let i = 0; i + width <= bytes.length; i += width) {
    if (dataType === DATA_TYPE.INT64) values.push(Number(bytes.readBigInt64LE(i)));
    else if (dataType === DATA_TYPE.DOUBLE) values.push(bytes.readDoubleLE(i));
    else if (dataType === DATA_TYPE.INT32) values.push(bytes.readInt32LE(i));
    else values.push(bytes.readFloatLE(i));
  }
  return values;
}

/** Elements of a tensor of these dimensions (as a float: products beyond 2^53 need no exactness to be refused). */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}
