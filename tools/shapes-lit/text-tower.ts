import { Adam } from './adam';
import { Prng } from './prng';

export interface TextTowerOptions {
  steps: number;
  /** Locked image embeddings sampled per step (all captions take part in every step). */
  imagesPerStep: number;
  learningRate: number;
}

export interface TokenizedCaption {
  ids: readonly number[];
  /** Indices into the images this caption describes are those with `matches(image)` true. */
  matches: (image: LockedImage) => boolean;
}

export interface LockedImage {
  /** Unit-length output of the locked image tower. */
  embedding: Float64Array;
  color: number;
  shape: number;
}

export interface TrainedTextTower {
  /** [vocabSize, embedDim], row-major: the text tower's only weights. */
  tokenEmbeddings: Float64Array;
  /** CLIP-style: logits = exp(logitScale) · cosine. */
  logitScale: number;
  finalLoss: number;
}

const MAX_LOG_SCALE = Math.log(100);

/**
 * LiT's second stage: the image tower is locked, and only the text tower learns, with a
 * symmetric multi-positive InfoNCE loss (every image a caption describes is a positive: "red" has
 * all red photos; each positive gets its own log-softmax term, as in SupCon).
 * The text tower is a mean of token embeddings, so gradients reach each token of each caption.
 */
export function trainTextTower(
  captions: readonly TokenizedCaption[],
  images: readonly LockedImage[],
  vocabSize: number,
  options: TextTowerOptions,
  seed: number,
): TrainedTextTower {
  const rng = Prng.derive(seed, 'text-tower');
  const dim = images[0]?.embedding.length ?? 0;
  if (dim === 0 || captions.length === 0) throw new Error('text tower training needs images and captions');
  const table = Float64Array.from({ length: vocabSize * dim }, () => rng.gaussian() * 0.1);
  const logScale = Float64Array.of(Math.log(10));
  const tableGrad = new Float64Array(table.length);
  const logScaleGrad = new Float64Array(1);
  const adam = new Adam([table, logScale], { learningRate: options.learningRate });
  const positives = captions.map((caption) => images.map((image) => caption.matches(image)));
  const order = Array.from(images.keys());
  let loss = 0;

  for (let step = 0; step < options.steps; step++) {
    rng.shuffle(order);
    const batch = order.slice(0, Math.min(options.imagesPerStep, order.length));
    const texts = captions.map((caption) => captionVector(table, caption.ids, dim));
    const scale = Math.exp(logScale[0] ?? 0);
    // cosine[c][k] between caption c and the k-th image of the batch.
    const cosine = texts.map(({ unit }) => batch.map((i) => dot(unit, (images[i] as LockedImage).embedding)));
    const isPositive = (c: number, k: number): boolean => positives[c]?.[batch[k] as number] === true;
    const gradLogits = cosine.map((row) => new Float64Array(row.length));

    loss = 0;
    // Text → image: each caption against the batch's images.
    let textTerms = 0;
    cosine.forEach((row, c) => {
      const positive = row.map((_, k) => isPositive(c, k));
      const count = positive.filter(Boolean).length;
      if (count === 0) return;
      textTerms++;
      const probs = softmax(row.map((s) => s * scale));
      row.forEach((_, k) => {
        const target = positive[k] ? 1 / count : 0;
        if (positive[k]) loss -= Math.log(Math.max(probs[k] ?? 0, 1e-12)) / count;
        (gradLogits[c] as Float64Array)[k] = (probs[k] ?? 0) - target;
      });
    });
    // Image → text: each image against every caption, the other half of CLIP's symmetric loss.
    batch.forEach((_, k) => {
      const column = cosine.map((row) => (row[k] ?? 0) * scale);
      const positive = column.map((_, c) => isPositive(c, k));
      const count = positive.filter(Boolean).length;
      if (count === 0) return;
      const probs = softmax(column);
      const weight = textTerms / batch.length; // both directions weigh the same in total
      column.forEach((_, c) => {
        const target = positive[c] ? 1 / count : 0;
        if (positive[c]) loss -= (weight * Math.log(Math.max(probs[c] ?? 0, 1e-12))) / count;
        (gradLogits[c] as Float64Array)[k] = ((gradLogits[c] as Float64Array)[k] ?? 0) + weight * ((probs[c] ?? 0) - target);
      });
    });
    loss /= 2 * Math.max(1, textTerms);

    // Back to the token table, through cosine = unit(text) · image and unit = raw / |raw|.
    tableGrad.fill(0);
    let gradScale = 0;
    texts.forEach(({ unit, norm }, c) => {
      const gradUnit = new Float64Array(dim);
      batch.forEach((imageIndex, k) => {
        const g = ((gradLogits[c] as Float64Array)[k] ?? 0) / (2 * Math.max(1, textTerms));
        gradScale += g * (cosine[c]?.[k] ?? 0) * scale;
        const embedding = (images[imageIndex] as LockedImage).embedding;
        for (let d = 0; d < dim; d++) gradUnit[d] = (gradUnit[d] ?? 0) + g * scale * (embedding[d] ?? 0);
      });
      const along = dot(unit, gradUnit);
      const ids = captions[c]?.ids ?? [];
      for (const id of ids) {
        for (let d = 0; d < dim; d++) {
          const gradRaw = ((gradUnit[d] ?? 0) - (unit[d] ?? 0) * along) / norm;
          tableGrad[id * dim + d] = (tableGrad[id * dim + d] ?? 0) + gradRaw / ids.length;
        }
      }
    });
    logScaleGrad[0] = gradScale;
    const progress = step / Math.max(1, options.steps - 1);
    adam.step([tableGrad, logScaleGrad], options.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    logScale[0] = Math.min(MAX_LOG_SCALE, Math.max(0, logScale[0] ?? 0));
  }
  return { tokenEmbeddings: table, logitScale: logScale[0] ?? 0, finalLoss: loss };
}

/** Mean of the caption's token rows, and that mean made unit length (what cosine similarity sees). */
export function captionVector(table: Float64Array, ids: readonly number[], dim: number): { unit: Float64Array; norm: number } {
  const raw = new Float64Array(dim);
  for (const id of ids) for (let d = 0; d < dim; d++) raw[d] = (raw[d] ?? 0) + (table[id * dim + d] ?? 0) / Math.max(1, ids.length);
  const norm = Math.hypot(...raw) || 1e-12;
  return { unit: raw.map((v) => v / norm), norm };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
