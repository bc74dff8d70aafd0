import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COLORS,
  PALETTE,
  SHAPES,
  coverageOf,
  planShapePhoto,
  renderShapePhoto,
  renderShapesSet,
  type ShapePhotoPlan,
  type ShapePhotoSpec,
} from '../../support/independent-shapes-renderer';

async function decode(data: Buffer): Promise<{ pixels: Buffer; width: number; height: number; channels: number }> {
  const { data: pixels, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
  return { pixels, width: info.width, height: info.height, channels: info.channels };
}

const chroma = (r: number, g: number, b: number): number => Math.max(r, g, b) - Math.min(r, g, b);

/**
 * Area from the shape's definition, written independently of the renderer's
 * polygon code, so a wrong outline (a pentagon for a star, a wrong radius) fails.
 */
function analyticArea(plan: ShapePhotoPlan): number {
  const s = plan.size;
  const g = plan.geometry;
  switch (g.kind) {
    case 'circle':
      return (Math.PI * s * s) / 4;
    case 'square':
      return s * s;
    case 'triangle':
      return (g.base * g.height) / 2;
    case 'star':
      // Ten triangles centre–outer–inner, each with a 36° angle at the centre.
      return 5 * g.outerRadius * g.innerRadius * Math.sin(Math.PI / 5);
  }
}

/** Pairs cycled over all colors and shapes, with varied seeds. */
const sampleSpecs = (count: number): ShapePhotoSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    color: at(COLORS, i % COLORS.length),
    shape: at(SHAPES, i % SHAPES.length),
    seed: 1000 + i * 7919,
  }));

/** Indexed read that must be in range (noUncheckedIndexedAccess without `!`). */
function at<T>(items: ArrayLike<T>, index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
}

describe('independent shapes renderer: palette and plans', () => {
  it('keeps every shade clearly colored against a grey background', () => {
    for (const color of COLORS) {
      expect(PALETTE[color].length).toBeGreaterThanOrEqual(4);
      for (const [r, g, b] of PALETTE[color]) expect(chroma(r, g, b)).toBeGreaterThanOrEqual(60);
    }
  });

  it('draws every random choice from the spec ranges', () => {
    const plans = [];
    for (const color of COLORS) {
      for (const shape of SHAPES) {
        for (let seed = 0; seed < 25; seed++) plans.push(planShapePhoto({ color, shape, seed }));
      }
    }
    for (const plan of plans) {
      for (const side of [plan.width, plan.height]) {
        expect(Number.isInteger(side)).toBe(true);
        expect(side).toBeGreaterThanOrEqual(200);
        expect(side).toBeLessThanOrEqual(1200);
      }
      const relative = plan.size / Math.min(plan.width, plan.height);
      expect(relative).toBeGreaterThanOrEqual(0.2);
      expect(relative).toBeLessThanOrEqual(0.6);
      expect(plan.background).toBeGreaterThanOrEqual(30);
      expect(plan.background).toBeLessThanOrEqual(225);
      expect(plan.noiseSigma).toBeGreaterThanOrEqual(2);
      expect(plan.noiseSigma).toBeLessThanOrEqual(8);
      expect(plan.jpegQuality).toBeGreaterThanOrEqual(70);
      expect(plan.jpegQuality).toBeLessThanOrEqual(95);
      // The color is a jittered shade of its own name, never of another.
      const nearest = PALETTE[plan.color].some((shade) => shade.every((c, i) => Math.abs(c - at(plan.rgb, i)) <= 8));
      expect(nearest).toBe(true);

      const g = plan.geometry;
      expect(g.kind).toBe(plan.shape);
      if (g.kind === 'triangle') {
        expect(Math.max(g.base, g.height)).toBeCloseTo(plan.size, 6);
        if (g.equilateral) expect(g.height / g.base).toBeCloseTo(Math.sqrt(3) / 2, 6);
      }
      if (g.kind === 'star') {
        // Size is the unrotated star's width: 2·R·sin 72°.
        expect(2 * g.outerRadius * Math.sin((2 * Math.PI) / 5)).toBeCloseTo(plan.size, 6);
        const ratio = g.innerRadius / g.outerRadius;
        expect(ratio).toBeGreaterThanOrEqual(0.38);
        expect(ratio).toBeLessThanOrEqual(0.5);
      }
    }
    const triangles = plans.flatMap((p) => (p.geometry.kind === 'triangle' ? [p.geometry] : []));
    expect(triangles.some((t) => t.equilateral)).toBe(true);
    expect(triangles.some((t) => !t.equilateral && t.height > t.base)).toBe(true);
    expect(triangles.some((t) => !t.equilateral && t.height < t.base)).toBe(true);
    expect(new Set(plans.map((p) => p.extension))).toEqual(new Set(['jpg', 'png']));
  });

  it('varies the layout with the seed and with the pair', () => {
    const a = planShapePhoto({ color: 'red', shape: 'circle', seed: 1 });
    const b = planShapePhoto({ color: 'red', shape: 'circle', seed: 2 });
    const c = planShapePhoto({ color: 'blue', shape: 'circle', seed: 1 });
    expect([a.width, a.height, a.centerX]).not.toEqual([b.width, b.height, b.centerX]);
    expect([a.width, a.height, a.centerX]).not.toEqual([c.width, c.height, c.centerX]);
  });
});

describe('independent shapes renderer: pixels', () => {
  it('keeps every shape whole and inside the frame, at any placement and rotation', () => {
    // Many plans, coverage only (no encoding), so placements near the edges do occur.
    for (const spec of sampleSpecs(256)) {
      const plan = planShapePhoto(spec);
      const coverage = coverageOf(plan);
      const { width, height } = plan;
      let total = 0;
      let onBorder = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const a = at(coverage, y * width + x);
          total += a;
          if (x === 0 || y === 0 || x === width - 1 || y === height - 1) onBorder += a;
        }
      }
      expect(onBorder).toBe(0);
      // Nothing clipped: all of the analytic area landed in the frame.
      expect(Math.abs(total - analyticArea(plan)) / analyticArea(plan)).toBeLessThan(0.005);
    }
  });

  it('is deterministic: same seed gives the same bytes, another seed does not', async () => {
    for (const format of ['jpg', 'png'] as const) {
      const spec: ShapePhotoSpec = { color: 'green', shape: 'star', seed: 42, format };
      const first = await renderShapePhoto(spec);
      const again = await renderShapePhoto(spec);
      const other = await renderShapePhoto({ ...spec, seed: 43 });
      expect(first.extension).toBe(format);
      expect(again.data.equals(first.data)).toBe(true);
      expect(other.data.equals(first.data)).toBe(false);
    }
  });

  it.each(sampleSpecs(16).map((spec) => [spec.color, spec.shape, spec.seed] as const))(
    'renders a %s %s (seed %i) with the planned area, inside the frame',
    async (color, shape, seed) => {
      const spec: ShapePhotoSpec = { color, shape, seed, format: 'png', noise: false };
      const plan = planShapePhoto(spec);
      const photo = await renderShapePhoto(spec);
      const { pixels, width, height, channels } = await decode(photo.data);
      expect([width, height, channels]).toEqual([plan.width, plan.height, 3]);

      // With a grey background and no noise, a pixel's chroma is coverage × the shape's
      // chroma exactly (up to rounding), so summing it measures the drawn area.
      const shapeChroma = chroma(...plan.rgb);
      let area = 0;
      let colored = 0;
      let partial = 0;
      let touchesBorder = false;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const o = (y * width + x) * 3;
          const c = chroma(at(pixels, o), at(pixels, o + 1), at(pixels, o + 2));
          area += c / shapeChroma;
          if (c > 0.1 * shapeChroma && c < 0.9 * shapeChroma) partial++;
          if (c > 40) {
            colored++;
            if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesBorder = true;
          }
        }
      }
      const expected = analyticArea(plan);
      expect(Math.abs(area - expected) / expected).toBeLessThan(0.01);
      // A hard threshold miscounts at most the anti-aliased rim, about one perimeter.
      const rimAllowance = 4 * plan.size + 10;
      expect(Math.abs(colored - expected)).toBeLessThan(rimAllowance);
      expect(touchesBorder).toBe(false);
      // Anti-aliased: the rim (at least ~2·size long for every shape) shows in-between levels.
      expect(partial).toBeGreaterThan(plan.size);
      // Background untouched: the corners are the exact planned grey.
      for (const o of [0, (width - 1) * 3, (height - 1) * width * 3, (width * height - 1) * 3]) {
        expect([pixels[o], pixels[o + 1], pixels[o + 2]]).toEqual([plan.background, plan.background, plan.background]);
      }
    },
  );

  it('adds Gaussian noise of the planned strength over the whole image', async () => {
    const spec: ShapePhotoSpec = { color: 'blue', shape: 'square', seed: 7, format: 'png' };
    const plan = planShapePhoto(spec);
    const clean = await decode((await renderShapePhoto({ ...spec, noise: false })).data);
    const noisy = await decode((await renderShapePhoto(spec)).data);
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < clean.pixels.length; i++) {
      const d = at(noisy.pixels, i) - at(clean.pixels, i);
      sum += d;
      sumSquares += d * d;
    }
    const n = clean.pixels.length;
    const mean = sum / n;
    const sd = Math.sqrt(sumSquares / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.2);
    // Rounding to bytes adds variance 1/12 on top of sigma².
    expect(sd).toBeCloseTo(Math.sqrt(plan.noiseSigma ** 2 + 1 / 12), 0);
  });

  it('writes JPEGs that decode to the planned size and color', async () => {
    const spec: ShapePhotoSpec = { color: 'orange', shape: 'circle', seed: 11, format: 'jpg' };
    const plan = planShapePhoto(spec);
    const photo = await renderShapePhoto(spec);
    const meta = await sharp(photo.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', plan.width, plan.height]);
    const { pixels, width } = await decode(photo.data);
    // Average a small patch at the circle's centre: JPEG keeps flat color close.
    const patch = Math.max(2, Math.floor(plan.size / 10));
    let count = 0;
    const sum = [0, 0, 0];
    for (let y = Math.round(plan.centerY) - patch; y <= Math.round(plan.centerY) + patch; y++) {
      for (let x = Math.round(plan.centerX) - patch; x <= Math.round(plan.centerX) + patch; x++) {
        for (let c = 0; c < 3; c++) sum[c] = at(sum, c) + at(pixels, (y * width + x) * 3 + c);
        count++;
      }
    }
    sum.forEach((total, c) => expect(Math.abs(total / count - at(plan.rgb, c))).toBeLessThan(12));
  });
});

describe('independent shapes renderer: sets', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes every pair with neutral names and matching labels.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-indep-shapes-'));
    dirs.push(dir);
    const entries = await renderShapesSet(dir, { perPair: 1, seed: 5 });
    expect(entries).toHaveLength(COLORS.length * SHAPES.length);
    const pairs = new Set(entries.map((e) => `${e.color}/${e.shape}`));
    expect(pairs.size).toBe(COLORS.length * SHAPES.length);

    const labels = JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')) as unknown;
    expect(labels).toEqual(entries.map((e) => ({ file: basename(e.file), color: e.color, shape: e.shape })));

    const labelWords = [...COLORS, ...SHAPES];
    for (const entry of entries) {
      expect(isAbsolute(entry.file)).toBe(true);
      const name = basename(entry.file);
      expect(name).toMatch(/^img-\d{4}\.(jpg|png)$/);
      expect(labelWords.some((word) => name.includes(word))).toBe(false);
      const meta = await sharp(await readFile(entry.file)).metadata();
      expect(meta.format).toBe(name.endsWith('.jpg') ? 'jpeg' : 'png');
    }
    // Shuffled: numbering must not follow the color×shape order.
    const pairIndex = entries.map((e) => COLORS.indexOf(e.color) * SHAPES.length + SHAPES.indexOf(e.shape));
    expect(pairIndex).not.toEqual([...pairIndex].sort((x, y) => x - y));
  });
});
