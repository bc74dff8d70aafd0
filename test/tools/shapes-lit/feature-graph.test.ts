import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareImage } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import type { RgbImage } from '../../../src-main/node/model/rgb-image';
import { DEFAULT_FEATURE_SETTINGS, featureNames } from '../../../tools/shapes-lit/feature-graph';
import { PIXEL_NORMALIZATION, preprocessorConfigJson } from '../../../tools/shapes-lit/model-files';
import type { PhotoPlan, Point } from '../../../tools/shapes-lit/photo-plan';
import { photoSvg } from '../../../tools/shapes-lit/render-photo';
import { featureModelBytes } from '../../../tools/shapes-lit/tower-graphs';

const NAMES = featureNames(DEFAULT_FEATURE_SETTINGS);
const spec = parsePreprocessSpec(preprocessorConfigJson({ shortestEdge: 128 }));
let session: ort.InferenceSession;
beforeAll(async () => {
  session = await ort.InferenceSession.create(featureModelBytes(PIXEL_NORMALIZATION, DEFAULT_FEATURE_SETTINGS));
});

type Outline = PhotoPlan['outline'];
/** Regular polygon (or star, with an inner radius ratio) around (cx, cy). */
function polygon(corners: number, radius: number, rotation: number, cx: number, cy: number, innerRatio?: number): Outline {
  const count = innerRatio ? 2 * corners : corners;
  const points = Array.from({ length: count }, (_, i): Point => {
    const r = innerRatio && i % 2 === 1 ? radius * innerRatio : radius;
    const angle = rotation + (2 * Math.PI * i) / count;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  });
  return { kind: 'polygon', points };
}

async function rasterize(outline: Outline, width = 256, height = 256, fill: [number, number, number] = [220, 30, 30]): Promise<RgbImage> {
  const plan: PhotoPlan = {
    color: 'red',
    shape: 'circle',
    width,
    height,
    outline,
    fill,
    background: 128,
    noiseSigma: 0,
    aliased: false,
    format: 'png',
    jpegQuality: 90,
    noiseSeed: 1,
  };
  const { data, info } = await sharp(Buffer.from(photoSvg(plan)))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

async function features(image: RgbImage): Promise<Record<string, number>> {
  const prepared = await prepareImage(image, spec);
  const out = await session.run({ pixel_values: new ort.Tensor('float32', prepared.data, [1, 3, prepared.height, prepared.width]) });
  const values = Array.from(out.features?.data as Float32Array);
  expect(values).toHaveLength(NAMES.length);
  return Object.fromEntries(NAMES.map((name, i) => [name, values[i] ?? NaN]));
}

const moments = (f: Record<string, number>): number[] => [3, 4, 5].map((n) => f[`log_moment_${n}`] ?? NaN);
const argmax = (values: number[]): number => values.indexOf(Math.max(...values));

describe('shapes-lit feature graph', () => {
  it("lights up the moment of each shape's symmetry: 3 triangle, 4 square, 5 star, none for a circle", async () => {
    const circle = await features(await rasterize({ kind: 'circle', cx: 128, cy: 128, r: 60 }));
    const triangle = await features(await rasterize(polygon(3, 70, 0.2, 128, 128)));
    const square = await features(await rasterize(polygon(4, 70, 0.3, 128, 128)));
    const star = await features(await rasterize(polygon(5, 80, 0.5, 128, 128, 0.45)));
    expect(Math.max(...moments(circle))).toBeLessThan(Math.log(0.004));
    expect(argmax(moments(triangle))).toBe(0);
    expect(argmax(moments(square))).toBe(1);
    expect(argmax(moments(star))).toBe(2);
    for (const [shape, n] of [
      [triangle, 3],
      [square, 4],
      [star, 5],
    ] as const) {
      expect((shape[`log_moment_${n}`] ?? 0) - (circle[`log_moment_${n}`] ?? 0)).toBeGreaterThan(2);
    }
    // A circle is the most compact: its radial moment is 1/(2π).
    expect(circle.radial_moment_2).toBeCloseTo(1 / (2 * Math.PI), 2);
    expect(star.radial_moment_2).toBeGreaterThan(square.radial_moment_2 ?? 0);
  });

  it('ignores rotation, scale and position, even in a 6:1 frame', async () => {
    const reference = await features(await rasterize(polygon(4, 70, 0.3, 128, 128)));
    const moved = await features(await rasterize(polygon(4, 35, 1.1, 1000, 60, undefined), 1200, 200));
    // The square's own moment and the radial ones agree; the others stay near their floor
    // (a 22-pixel square after downscaling is not perfectly square).
    for (const name of ['log_moment_4', 'radial_moment_2', 'radial_moment_4']) {
      expect(Math.abs((moved[name] ?? 0) - (reference[name] ?? 0)), name).toBeLessThan(0.2);
    }
    for (const n of [2, 3, 5, 6]) expect(moved[`log_moment_${n}`]).toBeLessThan((moved.log_moment_4 ?? 0) - 1.5);
  });

  it("describes the shape's colour, not the grey background", async () => {
    const blue = await features(await rasterize({ kind: 'circle', cx: 100, cy: 150, r: 50 }, 256, 256, [30, 60, 230]));
    expect(blue.hue_ratio_b).toBeGreaterThan(0.95);
    expect(blue.hue_ratio_r).toBeLessThan(0.05);
    expect(blue.hue_ratio_g).toBeCloseTo(30 / 200, 1);
    expect(blue.mean_b).toBeCloseTo(230 / 255, 1);
  });

  it('stays finite on a plain grey frame and on a noisy colour photo', async () => {
    const grey = { data: new Uint8Array(300 * 200 * 3).fill(117), width: 300, height: 200 };
    let state = 7;
    const noisy = { data: Uint8Array.from({ length: 640 * 480 * 3 }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24), width: 640, height: 480 };
    for (const image of [grey, noisy]) {
      for (const value of Object.values(await features(image))) expect(Number.isFinite(value)).toBe(true);
    }
  });
});
