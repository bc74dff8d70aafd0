import { Adam } from './adam';
import { DenseLayer } from './dense-layer';
import { Prng } from './prng';

export interface ImageHeadOptions {
  hiddenUnits: number;
  embedDim: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Gaussian noise added to standardized features while training: smoother, more forgiving boundaries. */
  inputNoise: number;
  /** Standardized features are clipped to ±this, in training and in the ONNX graph alike. */
  featureClip: number;
}

/**
 * The trainable part of the image tower: standardize → Dense → ReLU → Dense → L2-normalize
 * (the embedding), plus two linear heads (8 colours, 4 shapes) used only for supervised training
 * and then discarded: LiT's "pre-train the image tower, then lock it".
 */
export interface ImageHead {
  featureMean: Float64Array;
  featureStd: Float64Array;
  featureClip: number;
  hidden: DenseLayer;
  embed: DenseLayer;
  colorHead: DenseLayer;
  shapeHead: DenseLayer;
}

export interface LabelledFeatures {
  features: readonly Float32Array[];
  colors: readonly number[];
  shapes: readonly number[];
}

export interface ImageHeadReport {
  colorAccuracy: number;
  shapeAccuracy: number;
  finalLoss: number;
}

/** Scratch buffers for one forward/backward pass, reused across samples. */
interface Activations {
  x: Float64Array;
  hiddenPre: Float64Array;
  hidden: Float64Array;
  embedRaw: Float64Array;
  embedUnit: Float64Array;
  colorLogits: Float64Array;
  shapeLogits: Float64Array;
}

export function trainImageHead(
  data: LabelledFeatures,
  colorCount: number,
  shapeCount: number,
  options: ImageHeadOptions,
  seed: number,
): { head: ImageHead; report: ImageHeadReport } {
  const rng = Prng.derive(seed, 'image-head');
  const featureCount = data.features[0]?.length ?? 0;
  if (featureCount === 0) throw new Error('no training features');
  const { mean, std } = featureStatistics(data.features);
  const head: ImageHead = {
    featureMean: mean,
    featureStd: std,
    featureClip: options.featureClip,
    hidden: new DenseLayer(featureCount, options.hiddenUnits, rng),
    embed: new DenseLayer(options.hiddenUnits, options.embedDim, rng),
    colorHead: new DenseLayer(options.embedDim, colorCount, rng),
    shapeHead: new DenseLayer(options.embedDim, shapeCount, rng),
  };
  const layers = [head.hidden, head.embed, head.colorHead, head.shapeHead];
  const adam = new Adam(
    layers.flatMap((l) => l.parameters),
    { learningRate: options.learningRate, weightDecay: 1e-4 },
  );
  const act = allocateActivations(head);
  const gradEmbedUnit = new Float64Array(options.embedDim);
  const gradEmbedFromShape = new Float64Array(options.embedDim);
  const gradEmbedRaw = new Float64Array(options.embedDim);
  const gradHidden = new Float64Array(options.hiddenUnits);
  const gradColor = new Float64Array(colorCount);
  const gradShape = new Float64Array(shapeCount);
  const order = Array.from(data.features.keys());
  const totalSteps = options.epochs * Math.ceil(order.length / options.batchSize);
  let step = 0;
  let epochLoss = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    rng.shuffle(order);
    epochLoss = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      layers.forEach((l) => l.zeroGrad());
      for (const index of batch) {
        forward(head, data.features[index] as Float32Array, act, () => rng.gaussian() * options.inputNoise);
        epochLoss += softmaxCrossEntropy(act.colorLogits, data.colors[index] ?? 0, gradColor);
        epochLoss += softmaxCrossEntropy(act.shapeLogits, data.shapes[index] ?? 0, gradShape);
        head.colorHead.backward(act.embedUnit, gradColor, gradEmbedUnit);
        head.shapeHead.backward(act.embedUnit, gradShape, gradEmbedFromShape);
        for (let k = 0; k < gradEmbedUnit.length; k++) gradEmbedUnit[k] = (gradEmbedUnit[k] ?? 0) + (gradEmbedFromShape[k] ?? 0);
        backThroughNormalize(act.embedRaw, act.embedUnit, gradEmbedUnit, gradEmbedRaw);
        head.embed.backward(act.hidden, gradEmbedRaw, gradHidden);
        for (let k = 0; k < gradHidden.length; k++) if ((act.hiddenPre[k] ?? 0) <= 0) gradHidden[k] = 0;
        head.hidden.backward(act.x, gradHidden);
      }
      const grads = layers.flatMap((l) => l.gradients);
      for (const g of grads) for (let k = 0; k < g.length; k++) g[k] = (g[k] ?? 0) / batch.length;
      // Cosine decay to a tenth of the rate: settles the boundaries without a tuning loop.
      const progress = step++ / Math.max(1, totalSteps - 1);
      adam.step(grads, options.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }
  }

  let colorHits = 0;
  let shapeHits = 0;
  data.features.forEach((features, i) => {
    forward(head, features, act);
    if (argmax(act.colorLogits) === data.colors[i]) colorHits++;
    if (argmax(act.shapeLogits) === data.shapes[i]) shapeHits++;
  });
  const n = data.features.length;
  return { head, report: { colorAccuracy: colorHits / n, shapeAccuracy: shapeHits / n, finalLoss: epochLoss / n } };
}

/** The locked image embedding (unit length) for one feature vector, as the ONNX tower computes it. */
export function embedFeatures(head: ImageHead, features: Float32Array): Float64Array {
  const act = allocateActivations(head);
  forward(head, features, act);
  return Float64Array.from(act.embedUnit);
}

function forward(head: ImageHead, features: Float32Array, act: Activations, noise?: () => number): void {
  for (let k = 0; k < features.length; k++) {
    const z = ((features[k] ?? 0) - (head.featureMean[k] ?? 0)) / (head.featureStd[k] ?? 1) + (noise ? noise() : 0);
    act.x[k] = Math.max(-head.featureClip, Math.min(head.featureClip, z));
  }
  head.hidden.forward(act.x, act.hiddenPre);
  for (let k = 0; k < act.hidden.length; k++) act.hidden[k] = Math.max(0, act.hiddenPre[k] ?? 0);
  head.embed.forward(act.hidden, act.embedRaw);
  const norm = Math.hypot(...act.embedRaw) || 1;
  for (let k = 0; k < act.embedUnit.length; k++) act.embedUnit[k] = (act.embedRaw[k] ?? 0) / norm;
  head.colorHead.forward(act.embedUnit, act.colorLogits);
  head.shapeHead.forward(act.embedUnit, act.shapeLogits);
}

function allocateActivations(head: ImageHead): Activations {
  return {
    x: new Float64Array(head.hidden.inputs),
    hiddenPre: new Float64Array(head.hidden.outputs),
    hidden: new Float64Array(head.hidden.outputs),
    embedRaw: new Float64Array(head.embed.outputs),
    embedUnit: new Float64Array(head.embed.outputs),
    colorLogits: new Float64Array(head.colorHead.outputs),
    shapeLogits: new Float64Array(head.shapeHead.outputs),
  };
}

/** Loss for one sample; writes dL/dlogits (softmax − one-hot) into `grad`. */
function softmaxCrossEntropy(logits: Float64Array, label: number, grad: Float64Array): number {
  const max = Math.max(...logits);
  let total = 0;
  for (let k = 0; k < logits.length; k++) total += Math.exp((logits[k] ?? 0) - max);
  for (let k = 0; k < logits.length; k++) grad[k] = Math.exp((logits[k] ?? 0) - max) / total - (k === label ? 1 : 0);
  return Math.log(total) + max - (logits[label] ?? 0);
}

/** y = x/|x|: dL/dx = (dL/dy − y·(y·dL/dy)) / |x|. */
export function backThroughNormalize(raw: Float64Array, unit: Float64Array, gradUnit: Float64Array, gradRaw: Float64Array): void {
  const norm = Math.hypot(...raw) || 1;
  let dot = 0;
  for (let k = 0; k < unit.length; k++) dot += (unit[k] ?? 0) * (gradUnit[k] ?? 0);
  for (let k = 0; k < unit.length; k++) gradRaw[k] = ((gradUnit[k] ?? 0) - (unit[k] ?? 0) * dot) / norm;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if ((values[k] ?? -Infinity) > (values[best] ?? -Infinity)) best = k;
  return best;
}

function featureStatistics(rows: readonly Float32Array[]): { mean: Float64Array; std: Float64Array } {
  const width = rows[0]?.length ?? 0;
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (const row of rows) for (let k = 0; k < width; k++) mean[k] = (mean[k] ?? 0) + (row[k] ?? 0) / rows.length;
  for (const row of rows) for (let k = 0; k < width; k++) std[k] = (std[k] ?? 0) + ((row[k] ?? 0) - (mean[k] ?? 0)) ** 2 / rows.length;
  // A floor keeps a constant feature (possible in a tiny test set) from dividing by zero.
  for (let k = 0; k < width; k++) std[k] = Math.max(Math.sqrt(std[k] ?? 0), 1e-3);
  return { mean, std };
}
