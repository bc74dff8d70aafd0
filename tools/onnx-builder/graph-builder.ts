import { toAttributeProto, type Attributes } from './attributes';
import { onnx, type proto } from './onnx-proto';
import { ONNX_ELEMENT_TYPE, toTensorProto, type ElementType, type TensorData } from './tensor-data';

/** A dimension: a fixed size, or a symbolic name such as `batch` for a dynamic one. */
export type Dimension = number | string;

export interface NodeOptions {
  /** Output value names; defaults to one fresh name per output. */
  outputs?: readonly string[] | number;
  /** Node name; defaults to a fresh one derived from the op type. */
  name?: string;
  /** Operator domain; '' is the default ONNX domain. */
  domain?: string;
}

export interface ModelOptions {
  /** Version of the default ONNX operator set the graph is written for. */
  opsetVersion: number;
  producerName: string;
  producerVersion?: string;
  docString?: string;
  /** Written as metadata_props (key/value strings), readable by onnxruntime. */
  metadata?: Readonly<Record<string, string>>;
  /** Extra operator sets, e.g. `{ 'com.microsoft': 1 }`. */
  extraOpsets?: Readonly<Record<string, number>>;
}

/**
 * Collects one ONNX graph: named inputs and outputs, constant initializers and nodes, in the
 * order they are added (which is a valid topological order when every node only reads values
 * that exist already). Value names must be unique; `fresh` hands out unused ones.
 */
export class GraphBuilder {
  private readonly inputs: proto.ValueInfoProto[] = [];
  private readonly outputs: proto.ValueInfoProto[] = [];
  private readonly initializers: proto.TensorProto[] = [];
  private readonly nodes: proto.NodeProto[] = [];
  private readonly names = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(readonly graphName: string) {}

  /** An unused value or node name starting with prefix. */
  fresh(prefix: string): string {
    let n = this.counters.get(prefix) ?? 0;
    let name = `${prefix}_${n}`;
    while (this.names.has(name)) name = `${prefix}_${++n}`;
    this.counters.set(prefix, n + 1);
    this.names.add(name);
    return name;
  }

  input(name: string, type: ElementType, shape: readonly Dimension[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Declares a graph output; `source` is renamed through an Identity node when the names differ. */
  output(name: string, type: ElementType, shape: readonly Dimension[], source: string = name): string {
    if (source !== name) this.node('Identity', [source], {}, { outputs: [name] });
    else if (!this.names.has(name)) throw new Error(`graph output ${name} is not produced by any node`);
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** A named constant; pass a prefix through `fresh` when the exact name does not matter. */
  initializer(name: string, tensor: TensorData): string {
    this.claim(name);
    this.initializers.push(toTensorProto(name, tensor));
    return name;
  }

  /** A constant with a fresh name. */
  constant(prefix: string, tensor: TensorData): string {
    const name = this.fresh(prefix);
    this.initializers.push(toTensorProto(name, tensor));
    return name;
  }

  /**
   * Adds a node and returns its output names. An empty string in `inputs` marks an omitted
   * optional input, as ONNX specifies.
   */
  node(opType: string, inputs: readonly string[], attributes: Attributes = {}, options: NodeOptions = {}): string[] {
    for (const input of inputs) {
      if (input !== '' && !this.names.has(input)) throw new Error(`${opType} reads ${input}, which does not exist yet`);
    }
    const outputs = Array.isArray(options.outputs)
      ? options.outputs.map((o) => this.claim(o))
      : Array.from({ length: typeof options.outputs === 'number' ? options.outputs : 1 }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        domain: options.domain ?? '',
        name: options.name ?? this.fresh(`${opType}_node`),
        input: [...inputs],
        output: outputs,
        attribute: Object.entries(attributes).map(([key, value]) => toAttributeProto(key, value)),
      }),
    );
    return outputs;
  }

  /** A node with exactly one output, returned by name. */
  op(opType: string, inputs: readonly string[], attributes: Attributes = {}): string {
    const [output] = this.node(opType, inputs, attributes);
    if (output === undefined) throw new Error(`${opType} produced no output`);
    return output;
  }

  toGraphProto(): proto.GraphProto {
    return onnx.GraphProto.create({
      name: this.graphName,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
      node: this.nodes,
    });
  }

  /** The serialized model: deterministic bytes for the same graph and options. */
  toModelBytes(options: ModelOptions): Uint8Array {
    if (this.outputs.length === 0) throw new Error(`graph ${this.graphName} has no outputs`);
    const opsets = [
      onnx.OperatorSetIdProto.create({ domain: '', version: options.opsetVersion }),
      ...Object.entries(options.extraOpsets ?? {}).map(([domain, version]) => onnx.OperatorSetIdProto.create({ domain, version })),
    ];
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: opsets,
      producerName: options.producerName,
      producerVersion: options.producerVersion ?? '',
      docString: options.docString ?? '',
      graph: this.toGraphProto(),
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`value name ${name} is already used in graph ${this.graphName}`);
    this.names.add(name);
    return name;
  }
}

/** IR version 8 (ONNX 1.10, what onnx-proto 8 describes); onnxruntime reads it with any newer opset. */
const IR_VERSION = 8;

function valueInfo(name: string, type: ElementType, shape: readonly Dimension[]): proto.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: ONNX_ELEMENT_TYPE[type],
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        }),
      }),
    }),
  });
}
