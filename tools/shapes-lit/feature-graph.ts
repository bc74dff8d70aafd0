import { attr } from '../onnx-builder/attributes';
import type { GraphBuilder } from '../onnx-builder/graph-builder';
import { floatTensor, int64Tensor } from '../onnx-builder/tensor-data';

/** The normalization the preprocessor applied, undone first so the graph sees 0–1 RGB. */
export interface PixelNormalization {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** Knobs of the fixed extractor; part of the locked image tower, so they are written into config.json. */
export interface FeatureSettings {
  /** Chroma (0–1) up to which a pixel is background: mask 0. */
  maskLow: number;
  /** Chroma from which a pixel is fully shape: mask 1 (linear in between). */
  maskHigh: number;
  /** Complex moment orders, each giving one rotation/scale/translation-invariant feature. */
  momentOrders: readonly number[];
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { maskLow: 0.07, maskHigh: 0.15, momentOrders: [2, 3, 4, 5, 6] };

/** Feature names in output order (colour first, then shape); documentation and tests use them. */
export function featureNames(settings: FeatureSettings): string[] {
  return [
    'mean_r',
    'mean_g',
    'mean_b',
    'hue_ratio_r',
    'hue_ratio_g',
    'hue_ratio_b',
    'value',
    'chroma',
    'saturation',
    ...settings.momentOrders.map((n) => `log_moment_${n}`),
    'radial_moment_2',
    'radial_moment_4',
  ];
}

/** Guards that keep grey photos (no mask at all) and real photos finite. */
const AREA_EPSILON = 1; // pixels
const WEIGHT_EPSILON = 1e-3;
const CHROMA_EPSILON = 0.02;
const MOMENT_FLOOR = 1e-3;

/**
 * Adds the fixed feature extractor to a graph: pixel_values [B,3,H,W] (any H, W) → [B, F].
 *
 * Colour: a 3×3 average pool tames noise; chroma = max(rgb) − min(rgb) is near zero on the grey
 * background, so a ramp from maskLow to maskHigh is a soft mask of the shape; the chroma-weighted mean
 * colour under it, with hue ratios, value and saturation, describes its colour.
 * Shape: normalized complex moments |Σ (z−c)^n·mask| / m00^(n/2+1) are invariant to rotation,
 * scale and position; a triangle lights up n=3, a square n=4, a five-point star n=5, a circle
 * none. Two radial moments measure how compact the shape is.
 */
export function addShapeFeatures(b: GraphBuilder, pixelValues: string, norm: PixelNormalization, settings: FeatureSettings): string {
  const c = (values: readonly number[], dims: readonly number[]): string => b.constant('k', floatTensor(values, dims));
  const axes = (...values: number[]): string => b.constant('axes', int64Tensor(values, [values.length]));
  const sum = (x: string, ...dims: number[]): string => b.op('ReduceSum', [x, axes(...dims)], { keepdims: attr.int(1) });
  const mul = (x: string, y: string): string => b.op('Mul', [x, y]);
  const add = (x: string, y: string): string => b.op('Add', [x, y]);
  const sub = (x: string, y: string): string => b.op('Sub', [x, y]);
  const div = (x: string, y: string): string => b.op('Div', [x, y]);
  const flatten = (x: string): string => b.op('Flatten', [x], { axis: attr.int(1) });

  const rgb = add(mul(pixelValues, c(norm.std, [1, 3, 1, 1])), c(norm.mean, [1, 3, 1, 1]));
  const pooled = b.op('AveragePool', [rgb], {
    kernel_shape: attr.ints([3, 3]),
    strides: attr.ints([1, 1]),
    pads: attr.ints([1, 1, 1, 1]),
    count_include_pad: attr.int(0),
  });
  const channelMax = b.op('ReduceMax', [pooled], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const channelMin = b.op('ReduceMin', [pooled], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const chroma = sub(channelMax, channelMin);
  // A clipped ramp rather than a sigmoid: exactly zero on the background, so a large grey frame adds
  // no mass far from the shape (a sigmoid's tail over 100k pixels outweighed small shapes).
  const ramp = div(sub(chroma, c([settings.maskLow], [])), c([settings.maskHigh - settings.maskLow], []));
  const mask = b.op('Clip', [ramp, c([0], []), c([1], [])]);

  // Colour under the mask, weighted by chroma so anti-aliased edges count less than the interior.
  const weight = mul(mask, chroma);
  const weightSum = add(sum(weight, 2, 3), c([WEIGHT_EPSILON], []));
  const meanRgb = flatten(div(sum(mul(pooled, weight), 2, 3), weightSum)); // [B,3]
  const meanMax = b.op('ReduceMax', [meanRgb], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const meanMin = b.op('ReduceMin', [meanRgb], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const meanChroma = sub(meanMax, meanMin);
  const hueRatios = div(sub(meanRgb, meanMin), add(meanChroma, c([CHROMA_EPSILON], [])));
  const saturation = div(meanChroma, add(meanMax, c([CHROMA_EPSILON], [])));

  // Pixel coordinate grids [1,1,H,1] and [1,1,1,W], from the input's dynamic shape.
  const shape = b.op('Shape', [pixelValues]);
  const coordinate = (axis: number, targetShape: number[]): string => {
    const length = b.op('Gather', [shape, b.constant('axis', int64Tensor([axis], []))], { axis: attr.int(0) });
    const range = b.op('Range', [b.constant('zero', int64Tensor([0], [])), length, b.constant('one', int64Tensor([1], []))]);
    return b.op('Reshape', [b.op('Cast', [range], { to: attr.int(1) }), b.constant('shape', int64Tensor(targetShape, [4]))]);
  };
  const ys = coordinate(2, [1, 1, -1, 1]);
  const xs = coordinate(3, [1, 1, 1, -1]);

  const area = add(sum(mask, 2, 3), c([AREA_EPSILON], [])); // m00, [B,1,1,1]
  const centreX = div(sum(mul(mask, xs), 2, 3), area);
  const centreY = div(sum(mul(mask, ys), 2, 3), area);
  // Coordinates in units of √m00, so every moment below is already scale-normalized.
  const scale = b.op('Sqrt', [area]);
  const u = div(sub(xs, centreX), scale); // [B,1,1,W]
  const v = div(sub(ys, centreY), scale); // [B,1,H,1]
  const maskedMean = (x: string): string => div(sum(mul(x, mask), 2, 3), area);

  const momentFeatures: string[] = [];
  // (u + iv)^n by repeated multiplication, starting from n = 2 (which broadcasts to [B,1,H,W]).
  let re = sub(mul(u, u), mul(v, v));
  let im = mul(c([2], []), mul(u, v));
  for (let n = 2; n <= Math.max(...settings.momentOrders); n++) {
    if (n > 2) {
      const nextRe = sub(mul(re, u), mul(im, v));
      im = add(mul(re, v), mul(im, u));
      re = nextRe;
    }
    if (!settings.momentOrders.includes(n)) continue;
    const sumRe = maskedMean(re);
    const sumIm = maskedMean(im);
    const magnitude = b.op('Sqrt', [add(mul(sumRe, sumRe), mul(sumIm, sumIm))]);
    momentFeatures.push(flatten(b.op('Log', [add(magnitude, c([MOMENT_FLOOR], []))])));
  }
  const radius2 = add(mul(u, u), mul(v, v));
  const radial2 = flatten(maskedMean(radius2));
  const radial4 = flatten(maskedMean(mul(radius2, radius2)));

  return b.op('Concat', [meanRgb, hueRatios, meanMax, meanChroma, saturation, ...momentFeatures, radial2, radial4], { axis: attr.int(1) });
}
