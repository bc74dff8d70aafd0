/**
 * Rewrites a generated tower graph into the signature of Immich's OpenCLIP exports
 * (immich-app/immich, machine-learning/export: `torch.onnx.export(..., input_names=["image"] or
 * ["text"] / ["input_ids", "attention_mask"], output_names=["embedding"])` of
 * `encode_image(normalize=True)` / `encode_text(normalize=True)`, with the dynamic batch axis
 * commented out): integer inputs of type int32, batch fixed at 1, the text length fixed at the
 * model's context length, and one output, `embedding`, already L2-normalized.
 */
import { onnx, type proto } from '../onnx-builder/onnx-proto';

export interface OpenClipSignature {
  /** Graph input → the name Immich's export gives it (`pixel_values` → `image`, `input_ids` → `text`). */
  inputs: Readonly<Record<string, string>>;
  /** The generated graph's output that becomes `embedding`. */
  output: string;
  /** The text length the export fixes (its context length); image inputs keep their fixed size. */
  sequenceLength?: number;
}

const INT64 = onnx.TensorProto.DataType.INT64;
const INT32 = onnx.TensorProto.DataType.INT32;

export function asOpenClipGraph(model: Uint8Array, signature: OpenClipSignature): Uint8Array {
  const decoded = onnx.ModelProto.decode(model);
  const graph = decoded.graph;
  if (!graph) throw new Error('tower model has no graph');
  const casts: proto.INodeProto[] = [];
  for (const input of graph.input ?? []) {
    const renamed = signature.inputs[input.name ?? ''];
    if (renamed === undefined) throw new Error(`no new name for graph input ${input.name ?? ''}`);
    const tensor = input.type?.tensorType;
    const dims = tensor?.shape?.dim ?? [];
    fixDimension(dims[0], 1);
    // The export traced int32 ids; the graph casts them back to int64 where it gathers embeddings.
    const internal = tensor?.elemType === INT64 ? `${renamed}_int64` : renamed;
    if (tensor?.elemType === INT64) {
      tensor.elemType = INT32;
      if (signature.sequenceLength !== undefined) fixDimension(dims[1], signature.sequenceLength);
      casts.push({ opType: 'Cast', name: `${renamed}_to_int64`, input: [renamed], output: [internal], attribute: [intAttribute('to', INT64)] });
    }
    for (const node of graph.node ?? []) node.input = (node.input ?? []).map((name) => (name === input.name ? internal : name));
    input.name = renamed;
  }
  const output = (graph.output ?? []).find((value) => value.name === signature.output);
  if (!output) throw new Error(`tower graph has no output ${signature.output}`);
  const embedding = onnx.ValueInfoProto.decode(onnx.ValueInfoProto.encode(output).finish());
  embedding.name = 'embedding';
  fixDimension(embedding.type?.tensorType?.shape?.dim?.[0], 1);
  graph.node = [
    ...casts,
    ...(graph.node ?? []),
    {
      opType: 'LpNormalization',
      name: 'normalize',
      input: [signature.output],
      output: ['embedding'],
      attribute: [intAttribute('axis', -1), intAttribute('p', 2)],
    },
  ];
  graph.output = [embedding];
  return onnx.ModelProto.encode(decoded).finish();
}

function fixDimension(dim: proto.TensorShapeProto.IDimension | undefined, value: number): void {
  if (!dim) return;
  // dim_param and dim_value are one oneof: the name must go, or it would be written after the value.
  delete dim.dimParam;
  dim.dimValue = value;
}

function intAttribute(name: string, value: number): proto.IAttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}
