import { describe, expect, it } from 'vitest';
import { COLOR_ANCHORS, MIN_SHADE_CHROMA, sampleShade } from '../../../tools/shapes-lit/color-palette';
import { planPhoto, TRAINING_RANGES, WORLD_RANGES, type PhotoPlan } from '../../../tools/shapes-lit/photo-plan';
import { Prng } from '../../../tools/shapes-lit/prng';
import { COLORS, SHAPES } from '../../../tools/shapes-lit/shapes-world';

const chroma = (rgb: readonly number[]): number => Math.max(...rgb) - Math.min(...rgb);

function extent(plan: PhotoPlan): { minX: number; maxX: number; minY: number; maxY: number } {
  if (plan.outline.kind === 'circle') {
    const { cx, cy, r } = plan.outline;
    return { minX: cx - r, maxX: cx + r, minY: cy - r, maxY: cy + r };
  }
  const xs = plan.outline.points.map((p) => p[0]);
  const ys = plan.outline.points.map((p) => p[1]);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

describe('shapes-lit photo plans', () => {
  it('keeps every anchor shade clearly coloured, and every sampled shade too', () => {
    const rng = new Prng(3);
    for (const color of COLORS) {
      expect(COLOR_ANCHORS[color].length).toBeGreaterThanOrEqual(12);
      for (const anchor of COLOR_ANCHORS[color]) expect(chroma(anchor)).toBeGreaterThanOrEqual(60);
      for (let i = 0; i < 200; i++) expect(chroma(sampleShade(rng, color))).toBeGreaterThanOrEqual(MIN_SHADE_CHROMA);
    }
  });

  it("draws sizes, placement and encodings from the world's ranges", () => {
    const rng = new Prng(11);
    const formats = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const plan = planPhoto(rng, COLORS[i % 8] ?? 'red', SHAPES[i % 4] ?? 'circle', WORLD_RANGES);
      for (const side of [plan.width, plan.height]) {
        expect(side).toBeGreaterThanOrEqual(200);
        expect(side).toBeLessThanOrEqual(1200);
      }
      const box = extent(plan);
      // Fully inside the frame.
      expect(box.minX).toBeGreaterThanOrEqual(0);
      expect(box.minY).toBeGreaterThanOrEqual(0);
      expect(box.maxX).toBeLessThanOrEqual(plan.width);
      expect(box.maxY).toBeLessThanOrEqual(plan.height);
      expect(plan.background).toBeGreaterThanOrEqual(20);
      expect(plan.background).toBeLessThanOrEqual(235);
      expect(plan.noiseSigma).toBeLessThanOrEqual(WORLD_RANGES.noiseMax);
      formats.add(plan.format);
    }
    expect(formats).toEqual(new Set(['jpeg', 'png']));
  });

  it('sizes shapes at 20–60% of the short side (circle diameter, square side)', () => {
    const rng = new Prng(5);
    for (let i = 0; i < 200; i++) {
      const shape = i % 2 === 0 ? 'circle' : 'square';
      const plan = planPhoto(rng, 'blue', shape, WORLD_RANGES);
      const short = Math.min(plan.width, plan.height);
      const size = plan.outline.kind === 'circle' ? 2 * plan.outline.r : Math.hypot(...subtract(plan.outline.points[1], plan.outline.points[0]));
      expect(size / short).toBeGreaterThanOrEqual(0.2 - 1e-9);
      expect(size / short).toBeLessThanOrEqual(0.6 + 1e-9);
    }
    expect(TRAINING_RANGES.sizeMin).toBeLessThan(WORLD_RANGES.sizeMin);
  });

  it('is a pure function of the generator state', () => {
    expect(planPhoto(Prng.derive(9, 'x'), 'pink', 'star')).toEqual(planPhoto(Prng.derive(9, 'x'), 'pink', 'star'));
    expect(planPhoto(Prng.derive(9, 'x'), 'pink', 'star')).not.toEqual(planPhoto(Prng.derive(9, 'y'), 'pink', 'star'));
  });
});

function subtract(a: readonly [number, number] | undefined, b: readonly [number, number] | undefined): [number, number] {
  if (!a || !b) throw new Error('missing point');
  return [a[0] - b[0], a[1] - b[1]];
}
