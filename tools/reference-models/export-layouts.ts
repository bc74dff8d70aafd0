/**
 * Rewrites generated tower graphs into the other layouts real exports use, so tests can load them
 * exactly as published: weights in an external data file (`vision_model.onnx_data`, how any tower
 * over 2 GB is shipped), and both towers in one graph (`onnx/model.onnx`, jina-clip-v2).
 */
import { onnx, type proto } from '../onnx-builder/onnx-proto';

/** Initializers at least this big move to the data file; small shape vectors stay inline, as the ONNX exporter leaves them. */
const EXTERNAL_THRESHOLD_BYTES = 1024;

/**
 * The graph with its larger weights moved to `location` (relative to the graph file), as ONNX's
 * `save_model(..., save_as_external_data=True)` writes it: each moved initializer keeps its name,
 * shape and type, and names its `location`, `offset` and `length` in the data file.
 */
export function externalizeWeights(model: Uint8Array, location: string): { model: Uint8Array; data: Uint8Array } {
  const decoded = onnx.ModelProto.decode(model);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const tensor of decoded.graph?.initializer ?? []) {
    const raw = tensor.rawData;
    if (!raw || raw.length < EXTERNAL_THRESHOLD_BYTES) continue;
    chunks.push(raw);
    tensor.rawData = new Uint8Array(0);
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.externalData = [
      onnx.StringStringEntryProto.create({ key: 'location', value: location }),
      onnx.StringStringEntryProto.create({ key: 'offset', value: String(offset) }),
      onnx.StringStringEntryProto.create({ key: 'length', value: String(raw.length) }),
    ];
    offset += raw.length;
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return { model: onnx.ModelProto.encode(decoded).finish(), data };
}

/**
 * One graph holding both towers with jina-clip-v2's signature: inputs `input_ids` and
 * `pixel_values`, outputs `text_embeddings`, `image_embeddings` and their L2-normalized copies
 * `l2norm_text_embeddings`, `l2norm_image_embeddings`. Every other name of each tower is prefixed
 * so the two never collide.
 */
export function combineTowers(vision: Uint8Array, text: Uint8Array): Uint8Array {
  const visionModel = onnx.ModelProto.decode(vision);
  const textModel = onnx.ModelProto.decode(text);
  const parts = [
    { graph: visionModel.graph, prefix: 'vision.', input: 'pixel_values', output: 'image_embeds', renamed: 'image_embeddings' },
    { graph: textModel.graph, prefix: 'text.', input: 'input_ids', output: 'text_embeds', renamed: 'text_embeddings' },
  ];
  const nodes: proto.INodeProto[] = [];
  const initializers: proto.ITensorProto[] = [];
  const inputs: proto.IValueInfoProto[] = [];
  const outputs: proto.IValueInfoProto[] = [];
  for (const { graph, prefix, input, output, renamed } of parts) {
    if (!graph) throw new Error('tower model has no graph');
    const rename = (name: string): string => (name === '' || name === input ? name : name === output ? renamed : `${prefix}${name}`);
    for (const node of graph.node ?? []) {
      nodes.push({ ...node, name: `${prefix}${node.name ?? ''}`, input: (node.input ?? []).map(rename), output: (node.output ?? []).map(rename) });
    }
    for (const tensor of graph.initializer ?? []) initializers.push({ ...tensor, name: rename(tensor.name ?? '') });
    const graphInput = (graph.input ?? []).find((value) => value.name === input);
    const graphOutput = (graph.output ?? []).find((value) => value.name === output);
    if (!graphInput || !graphOutput) throw new Error(`tower graph lacks ${input} or ${output}`);
    // Each tower's batch is its own symbol: texts and images come in different numbers.
    const ownBatch = (value: proto.IValueInfoProto, name: string): proto.IValueInfoProto => {
      const copy = onnx.ValueInfoProto.decode(onnx.ValueInfoProto.encode(value).finish());
      copy.name = name;
      for (const dim of copy.type?.tensorType?.shape?.dim ?? []) if (dim.dimParam === 'batch_size') dim.dimParam = `${prefix}batch_size`;
      return copy;
    };
    inputs.push(ownBatch(graphInput, input));
    outputs.push(ownBatch(graphOutput, renamed));
    nodes.push({
      opType: 'LpNormalization',
      name: `${prefix}l2norm`,
      input: [renamed],
      output: [`l2norm_${renamed}`],
      attribute: [intAttribute('axis', -1), intAttribute('p', 2)],
    });
    outputs.push(ownBatch(graphOutput, `l2norm_${renamed}`));
  }
  // jina-clip-v2 lists its text input first.
  inputs.reverse();
  const combined = onnx.ModelProto.create({
    irVersion: visionModel.irVersion,
    opsetImport: visionModel.opsetImport,
    producerName: visionModel.producerName,
    docString: 'jina-clip-v2 layout: both towers in one graph, with seeded random weights',
    graph: onnx.GraphProto.create({
      name: 'jina_clip',
      node: nodes,
      initializer: initializers,
      input: inputs,
      output: [outputs[1], outputs[0], outputs[3], outputs[2]].filter((o) => o !== undefined),
    }),
  });
  return onnx.ModelProto.encode(combined).finish();
}

function intAttribute(name: string, value: number): proto.IAttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}
