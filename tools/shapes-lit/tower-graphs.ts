import { attr } from '../onnx-builder/attributes';
import { GraphBuilder } from '../onnx-builder/graph-builder';
import { floatTensor, int64Tensor } from '../onnx-builder/tensor-data';
import type { DenseLayer } from './dense-layer';
import { addShapeFeatures, featureNames, type FeatureSettings, type PixelNormalization } from './feature-graph';
import type { ImageHead } from './image-head';

export const OPSET_VERSION = 17;
const PRODUCER = 'lumen tools/shapes-lit';
const PIXEL_SHAPE = ['batch', 3, 'height', 'width'] as const;

/** pixel_values → features only: what the supervised training runs on synthetic photos. */
export function featureModelBytes(norm: PixelNormalization, settings: FeatureSettings): Uint8Array {
  const b = new GraphBuilder('shapes_lit_features');
  const features = addShapeFeatures(b, b.input('pixel_values', 'float32', PIXEL_SHAPE), norm, settings);
  b.output('features', 'float32', ['batch', featureNames(settings).length], features);
  return b.toModelBytes({ opsetVersion: OPSET_VERSION, producerName: PRODUCER });
}

/** The locked image tower: features → standardize → clip → Dense → ReLU → Dense = image_embeds. */
export function visionModelBytes(head: ImageHead, norm: PixelNormalization, settings: FeatureSettings, docString: string): Uint8Array {
  const b = new GraphBuilder('shapes_lit_vision');
  const features = addShapeFeatures(b, b.input('pixel_values', 'float32', PIXEL_SHAPE), norm, settings);
  const centred = b.op('Sub', [features, b.constant('feature_mean', floatTensor(head.featureMean, [head.featureMean.length]))]);
  const scaled = b.op('Div', [centred, b.constant('feature_std', floatTensor(head.featureStd, [head.featureStd.length]))]);
  const clipped = b.op('Clip', [
    scaled,
    b.constant('clip_min', floatTensor([-head.featureClip], [])),
    b.constant('clip_max', floatTensor([head.featureClip], [])),
  ]);
  const hidden = b.op('Relu', [dense(b, clipped, head.hidden, 'hidden')]);
  const embeds = dense(b, hidden, head.embed, 'embed');
  b.output('image_embeds', 'float32', ['batch', head.embed.outputs], embeds);
  return b.toModelBytes({ opsetVersion: OPSET_VERSION, producerName: PRODUCER, docString });
}

/** The text tower: token embeddings, averaged over the attention mask = text_embeds. */
export function textModelBytes(tokenEmbeddings: Float32Array, vocabSize: number, embedDim: number, docString: string): Uint8Array {
  const b = new GraphBuilder('shapes_lit_text');
  const ids = b.input('input_ids', 'int64', ['batch', 'sequence']);
  const attentionMask = b.input('attention_mask', 'int64', ['batch', 'sequence']);
  const table = b.initializer('token_embeddings', { type: 'float32', dims: [vocabSize, embedDim], values: tokenEmbeddings });
  const tokens = b.op('Gather', [table, ids], { axis: attr.int(0) }); // [batch, sequence, D]
  const mask = b.op('Unsqueeze', [b.op('Cast', [attentionMask], { to: attr.int(1) }), b.constant('axes', int64Tensor([2], [1]))]);
  const axis1 = b.constant('axes', int64Tensor([1], [1]));
  const summed = b.op('ReduceSum', [b.op('Mul', [tokens, mask]), axis1], { keepdims: attr.int(0) });
  // max(count, 1): an all-padding row gives a zero vector instead of NaN.
  const count = b.op('Max', [b.op('ReduceSum', [mask, axis1], { keepdims: attr.int(0) }), b.constant('one', floatTensor([1], []))]);
  b.output('text_embeds', 'float32', ['batch', embedDim], b.op('Div', [summed, count]));
  return b.toModelBytes({ opsetVersion: OPSET_VERSION, producerName: PRODUCER, docString });
}

function dense(b: GraphBuilder, input: string, layer: DenseLayer, name: string): string {
  const weights = b.initializer(`${name}_weight`, floatTensor(layer.weights, [layer.inputs, layer.outputs]));
  const bias = b.initializer(`${name}_bias`, floatTensor(layer.bias, [layer.outputs]));
  return b.op('Add', [b.op('MatMul', [input, weights]), bias]);
}
