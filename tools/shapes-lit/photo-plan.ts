import { sampleShade } from './color-palette';
import type { Prng } from './prng';
import type { ColorName, Rgb, ShapeName } from './shapes-world';

export type Point = readonly [number, number];

/** Every random choice for one photo, made before any pixel is drawn. */
export interface PhotoPlan {
  color: ColorName;
  shape: ShapeName;
  width: number;
  height: number;
  /** Outline in pixel coordinates, already rotated and placed; a circle is a centre and radius. */
  outline: { kind: 'polygon'; points: Point[] } | { kind: 'circle'; cx: number; cy: number; r: number };
  fill: Rgb;
  background: number;
  /** Standard deviation of the per-channel Gaussian noise, 0–255 units. */
  noiseSigma: number;
  /** Drawn without anti-aliasing, as simple rasterizers (PIL's ImageDraw) do. */
  aliased: boolean;
  format: 'jpeg' | 'png';
  jpegQuality: number;
  /** Decides the noise pixels, so a plan renders identically every time. */
  noiseSeed: number;
}

/** The ranges a plan is drawn from; training uses slightly wider ones than the world's spec. */
export interface PlanRanges {
  sideMin: number;
  sideMax: number;
  /** Shape extent as a fraction of the short side. */
  sizeMin: number;
  sizeMax: number;
  /** Largest noise standard deviation (0–255 units). */
  noiseMax: number;
}

export const WORLD_RANGES: PlanRanges = { sideMin: 200, sideMax: 1200, sizeMin: 0.2, sizeMax: 0.6, noiseMax: 8 };
export const TRAINING_RANGES: PlanRanges = { sideMin: 200, sideMax: 1200, sizeMin: 0.17, sizeMax: 0.63, noiseMax: 12 };

export function planPhoto(rng: Prng, color: ColorName, shape: ShapeName, ranges: PlanRanges = WORLD_RANGES): PhotoPlan {
  const width = rng.int(ranges.sideMin, ranges.sideMax);
  const height = rng.int(ranges.sideMin, ranges.sideMax);
  const size = rng.uniform(ranges.sizeMin, ranges.sizeMax) * Math.min(width, height);
  const rotation = rng.uniform(0, 2 * Math.PI);
  const local = shape === 'circle' ? null : localPolygon(rng, shape, size);
  const rotated = local?.map(([x, y]): Point => [x * Math.cos(rotation) - y * Math.sin(rotation), x * Math.sin(rotation) + y * Math.cos(rotation)]);
  const box = rotated ? boundsOf(rotated) : { minX: -size / 2, maxX: size / 2, minY: -size / 2, maxY: size / 2 };
  // One pixel of margin keeps the whole shape inside the frame.
  const cx = rng.uniform(1 - box.minX, width - 1 - box.maxX);
  const cy = rng.uniform(1 - box.minY, height - 1 - box.maxY);
  const fill = sampleShade(rng, color);
  const background = rng.int(20, 235);
  const noiseSigma = rng.next() < 0.1 ? 0 : rng.uniform(1, ranges.noiseMax);
  const aliased = rng.next() < 0.25;
  const format = rng.next() < 0.5 ? 'jpeg' : 'png';
  const jpegQuality = rng.int(45, 95);
  return {
    color,
    shape,
    width,
    height,
    outline: rotated ? { kind: 'polygon', points: rotated.map(([x, y]): Point => [x + cx, y + cy]) } : { kind: 'circle', cx, cy, r: size / 2 },
    fill,
    background,
    noiseSigma,
    aliased,
    format,
    jpegQuality,
    noiseSeed: rng.uint32(),
  };
}

/** Vertices around (0, 0) before rotation; `size` is the longer side of the bounding box. */
function localPolygon(rng: Prng, shape: Exclude<ShapeName, 'circle'>, size: number): Point[] {
  switch (shape) {
    case 'square': {
      const h = size / 2;
      return [
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
      ];
    }
    case 'triangle': {
      // Equilateral half the time, else isosceles from squat (h = 0.45 b) to tall (h = 2 b).
      const ratio = rng.next() < 0.5 ? Math.sqrt(3) / 2 : rng.next() < 0.5 ? rng.uniform(0.45, 0.8) : rng.uniform(0.95, 2);
      const base = ratio <= 1 ? size : size / ratio;
      const tall = base * ratio;
      // Centred on the centroid, which is a third of the way up from the base.
      return [
        [0, (-2 * tall) / 3],
        [base / 2, tall / 3],
        [-base / 2, tall / 3],
      ];
    }
    case 'star': {
      const innerRatio = rng.uniform(0.3, 0.6);
      // A point-up 5-point star is 2·R·sin72° wide, and that is its longer side.
      const outer = size / (2 * Math.sin((2 * Math.PI) / 5));
      return Array.from({ length: 10 }, (_, i): Point => {
        const r = i % 2 === 0 ? outer : outer * innerRatio;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        return [r * Math.cos(angle), r * Math.sin(angle)];
      });
    }
  }
}

function boundsOf(points: readonly Point[]): { minX: number; maxX: number; minY: number; maxY: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}
