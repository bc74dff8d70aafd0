/**
 * Both towers in one graph with the signature optimum gives a whole CLIPModel (and ChineseCLIPModel,
 * as in Xenova/chinese-clip-vit-base-patch16 and -large-patch14, which ship only `onnx/model*.onnx`):
 * inputs `input_ids` and `attention_mask` [text_batch_size, sequence_length] and `pixel_values`
 * [image_batch_size, 3, H, W]; outputs `logits_per_image`, `logits_per_text`, and the L2-normalized
 * `text_embeds` and `image_embeds`. The two batches are separate dimensions, as in the export.
 */
import { onnx, type proto } from '../onnx-builder/onnx-proto';

/** exp(logit_scale) of a trained CLIP: the logits are cosines times 100. */
const LOGIT_SCALE = 100;

export function combineClipModel(vision: Uint8Array, text: Uint8Array): Uint8Array {
  const visionModel = onnx.ModelProto.decode(vision);
  const textModel = onnx.ModelProto.decode(text);
  const parts = [
    { graph: visionModel.graph, prefix: 'vision.', inputs: ['pixel_values'], output: 'image_embeds', batch: 'image_batch_size' },
    { graph: textModel.graph, prefix: 'text.', inputs: ['input_ids', 'attention_mask'], output: 'text_embeds', batch: 'text_batch_size' },
  ];
  const nodes: proto.INodeProto[] = [];
  const initializers: proto.ITensorProto[] = [];
  const inputs: proto.IValueInfoProto[] = [];
  const outputs: proto.IValueInfoProto[] = [];
  for (const { graph, prefix, inputs: names, output, batch } of parts) {
    if (!graph) throw new Error('tower model has no graph');
    const rename = (name: string): string => (name === '' || names.includes(name) ? name : `${prefix}${name}`);
    for (const node of graph.node ?? []) {
      nodes.push({ ...node, name: `${prefix}${node.name ?? ''}`, input: (node.input ?? []).map(rename), output: (node.output ?? []).map(rename) });
    }
    for (const tensor of graph.initializer ?? []) initializers.push({ ...tensor, name: rename(tensor.name ?? '') });
    const withBatch = (value: proto.IValueInfoProto, name: string): proto.IValueInfoProto => {
      const copy = onnx.ValueInfoProto.decode(onnx.ValueInfoProto.encode(value).finish());
      copy.name = name;
      const first = copy.type?.tensorType?.shape?.dim?.[0];
      if (first) first.dimParam = batch;
      return copy;
    };
    for (const name of names) {
      const input = (graph.input ?? []).find((value) => value.name === name);
      if (!input) throw new Error(`tower graph lacks the input ${name}`);
      inputs.push(withBatch(input, name));
    }
    const graphOutput = (graph.output ?? []).find((value) => value.name === output);
    if (!graphOutput) throw new Error(`tower graph lacks the output ${output}`);
    // CLIPModel returns the projected vectors divided by their norms.
    nodes.push({ opType: 'LpNormalization', name: `${prefix}normalize`, input: [rename(output)], output: [output], attribute: [int('axis', -1), int('p', 2)] });
    outputs.push(withBatch(graphOutput, output));
  }
  initializers.push(onnx.TensorProto.create({ name: 'logit_scale', dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [LOGIT_SCALE] }));
  nodes.push(
    { opType: 'Transpose', name: 'image_embeds_t', input: ['image_embeds'], output: ['image_embeds_t'], attribute: [ints('perm', [1, 0])] },
    { opType: 'MatMul', name: 'cosines_per_text', input: ['text_embeds', 'image_embeds_t'], output: ['cosines_per_text'] },
    { opType: 'Mul', name: 'logits_per_text', input: ['cosines_per_text', 'logit_scale'], output: ['logits_per_text'] },
    { opType: 'Transpose', name: 'logits_per_image', input: ['logits_per_text'], output: ['logits_per_image'], attribute: [ints('perm', [1, 0])] },
  );
  const logits = (name: string, rows: string, columns: string): proto.IValueInfoProto =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: rows }, { dimParam: columns }] } },
      },
    });
  const combined = onnx.ModelProto.create({
    irVersion: visionModel.irVersion,
    opsetImport: visionModel.opsetImport,
    producerName: visionModel.producerName,
    docString: 'CLIPModel layout: both towers in one graph, with seeded random weights',
    graph: onnx.GraphProto.create({
      name: 'clip_model',
      node: nodes,
      initializer: initializers,
      // optimum lists the text inputs first: input_ids, pixel_values, attention_mask.
      input: [inputs[1], inputs[0], inputs[2]].filter((value) => value !== undefined),
      output: [
        logits('logits_per_image', 'image_batch_size', 'text_batch_size'),
        logits('logits_per_text', 'text_batch_size', 'image_batch_size'),
        outputs[1],
        outputs[0],
      ].filter((value) => value !== undefined),
    }),
  });
  return onnx.ModelProto.encode(combined).finish();
}

function int(name: string, value: number): proto.IAttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}

function ints(name: string, values: number[]): proto.IAttributeProto {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
}
