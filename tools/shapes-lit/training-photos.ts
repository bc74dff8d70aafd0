import * as ort from 'onnxruntime-node';
import { prepareImage } from '../../src-main/node/model/image-preprocessor';
import type { PreprocessSpec } from '../../src-main/node/model/preprocess-spec';
import { decodeImage } from '../../src-main/node/photos/decode-image';
import { planPhoto, type PlanRanges } from './photo-plan';
import { Prng } from './prng';
import { renderPhoto } from './render-photo';
import { COLORS, SHAPES, type ColorName, type ShapeName } from './shapes-world';

export interface LabelledPhotoFeatures {
  features: Float32Array[];
  colors: number[];
  shapes: number[];
}

/** Photos rendered at once: keeps both cores busy (sharp works off the main thread) without piling up memory. */
const CONCURRENCY = 4;

/**
 * Renders `count` photos (colour × shape balanced), encodes them as JPEG or PNG, decodes them
 * with the indexer's decoder, prepares them with the model's preprocessor and runs the ONNX
 * feature graph: the exact path a photo takes through Lumen. Photo i depends only on (seed, i),
 * so the result is the same at any concurrency.
 */
export async function featuresOfTrainingPhotos(
  featureModel: Uint8Array,
  spec: PreprocessSpec,
  options: { count: number; seed: number; ranges: PlanRanges; onProgress?: (done: number) => void },
): Promise<LabelledPhotoFeatures> {
  // One thread per run, runs in parallel: deterministic sums, both cores used.
  const session = await ort.InferenceSession.create(featureModel, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const result: LabelledPhotoFeatures = { features: new Array(options.count), colors: new Array(options.count), shapes: new Array(options.count) };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const index = next++;
      const color = COLORS[index % COLORS.length] as ColorName;
      const shape = SHAPES[Math.floor(index / COLORS.length) % SHAPES.length] as ShapeName;
      const plan = planPhoto(Prng.derive(options.seed, `training-photo-${index}`), color, shape, options.ranges);
      const photo = await renderPhoto(plan, { pngCompressionLevel: 0 });
      const prepared = await prepareImage((await decodeImage(photo.data)).image, spec);
      const pixels = new ort.Tensor('float32', prepared.data, [1, 3, prepared.height, prepared.width]);
      const output = await session.run({ pixel_values: pixels });
      result.features[index] = Float32Array.from(output.features?.data as Float32Array);
      result.colors[index] = COLORS.indexOf(color);
      result.shapes[index] = SHAPES.indexOf(shape);
      options.onProgress?.(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await session.release();
  }
  return result;
}
