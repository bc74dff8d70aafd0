/**
 * Independent renderer of "shapes world" test photos.
 *
 * The demo model is trained on photos from tools/shapes-lit/; an acceptance test
 * that reuses that generator would only prove the model memorised its own
 * pipeline. This file re-implements the world from its written spec alone:
 * its own palette, geometry, pure-TypeScript rasterizer, noise and PRNG. sharp is
 * used only to encode the finished raw RGB buffer.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

export const COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown'] as const;
export const SHAPES = ['circle', 'square', 'triangle', 'star'] as const;
export type Color = (typeof COLORS)[number];
export type Shape = (typeof SHAPES)[number];
export type ImageExtension = 'jpg' | 'png';
type Rgb = readonly [number, number, number];

/**
 * Several shades per name, picked the way different people would name a color:
 * CSS named colors, matplotlib "tab:" colors, Tailwind 500-ish and xkcd survey colors.
 * Every shade keeps max−min channel ≥ 60 so it never reads as grey on the grey background.
 */
export const PALETTE: Readonly<Record<Color, readonly Rgb[]>> = {
  red: [
    [255, 0, 0], // css red
    [220, 20, 60], // css crimson
    [178, 34, 34], // css firebrick
    [214, 39, 40], // tab:red
    [239, 68, 68], // tailwind red-500
    [229, 0, 0], // xkcd red
  ],
  orange: [
    [255, 165, 0], // css orange
    [255, 140, 0], // css darkorange
    [255, 127, 14], // tab:orange
    [249, 115, 22], // tailwind orange-500
    [249, 115, 6], // xkcd orange
    [255, 148, 8], // xkcd tangerine
  ],
  yellow: [
    [255, 255, 0], // css yellow
    [255, 215, 0], // css gold
    [250, 204, 21], // tailwind yellow-400
    [255, 197, 18], // xkcd sunflower
    [255, 225, 53], // banana yellow
    [255, 255, 20], // xkcd yellow
  ],
  green: [
    [0, 128, 0], // css green
    [50, 205, 50], // css limegreen
    [34, 139, 34], // css forestgreen
    [44, 160, 44], // tab:green
    [34, 197, 94], // tailwind green-500
    [46, 139, 87], // css seagreen
    [0, 255, 0], // css lime
  ],
  blue: [
    [0, 0, 255], // css blue
    [65, 105, 225], // css royalblue
    [30, 144, 255], // css dodgerblue
    [31, 119, 180], // tab:blue
    [59, 130, 246], // tailwind blue-500
    [0, 0, 205], // css mediumblue
    [0, 0, 128], // css navy
  ],
  purple: [
    [128, 0, 128], // css purple
    [102, 51, 153], // css rebeccapurple
    [138, 43, 226], // css blueviolet
    [153, 50, 204], // css darkorchid
    [148, 103, 189], // tab:purple
    [168, 85, 247], // tailwind purple-500
    [147, 112, 219], // css mediumpurple
  ],
  pink: [
    [255, 192, 203], // css pink
    [255, 105, 180], // css hotpink
    [255, 20, 147], // css deeppink
    [227, 119, 194], // tab:pink
    [244, 114, 182], // tailwind pink-400
    [255, 182, 193], // css lightpink
    [219, 112, 147], // css palevioletred
  ],
  brown: [
    [165, 42, 42], // css brown
    [139, 69, 19], // css saddlebrown
    [160, 82, 45], // css sienna
    [140, 86, 75], // tab:brown
    [101, 55, 0], // xkcd brown
    [146, 64, 14], // tailwind amber-800
    [96, 70, 15], // xkcd mud brown
  ],
};

// ---------- deterministic randomness ----------

/** mulberry32: tiny, fast, good enough for test imagery; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Murmur3 finalizer over two words, so nearby seeds give unrelated streams. */
function mixSeeds(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const uniform = (rng: () => number, lo: number, hi: number): number => lo + (hi - lo) * rng();
const randomInt = (rng: () => number, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

// ---------- the plan: every random choice, before any pixel ----------

/** Geometry parameters beyond size; exposed so tests can check area analytically. */
export type ShapeGeometry =
  | { kind: 'circle' }
  | { kind: 'square' }
  /** base and height of the unrotated triangle; equilateral when height = base·√3/2. */
  | { kind: 'triangle'; base: number; height: number; equilateral: boolean }
  /** outer/inner radius of a 5-pointed star. */
  | { kind: 'star'; outerRadius: number; innerRadius: number };

export interface ShapePhotoPlan {
  color: Color;
  shape: Shape;
  width: number;
  height: number;
  /** Circle diameter, or longer side of the unrotated shape's bounding box (px). */
  size: number;
  geometry: ShapeGeometry;
  /** Rotation in radians, about the shape's reference centre. */
  rotation: number;
  centerX: number;
  centerY: number;
  rgb: Rgb;
  background: number;
  noiseSigma: number;
  extension: ImageExtension;
  jpegQuality: number;
}

export interface ShapePhotoSpec {
  color: Color;
  shape: Shape;
  seed: number;
  /** Test hook: force the encoding instead of choosing at random. */
  format?: ImageExtension;
  /** Test hook: false renders without noise (exact colors, for measuring). */
  noise?: boolean;
}

const COLOR_JITTER = 8;
const EDGE_MARGIN_PX = 1;

export function planShapePhoto(spec: ShapePhotoSpec): ShapePhotoPlan {
  // Mixing the labels in means seed N gives a different layout for every pair.
  const rng = mulberry32(mixSeeds(spec.seed, hashString(`${spec.color}/${spec.shape}`)));
  const width = randomInt(rng, 200, 1200);
  const height = randomInt(rng, 200, 1200);
  const size = uniform(rng, 0.2, 0.6) * Math.min(width, height);
  const geometry = planGeometry(rng, spec.shape, size);
  const rotation = uniform(rng, 0, 2 * Math.PI);

  // Place the rotated outline so it lies fully inside the frame.
  const box = boundsOf(outlineOf(geometry, size, rotation, 0, 0));
  const centerX = uniform(rng, EDGE_MARGIN_PX - box.minX, width - EDGE_MARGIN_PX - box.maxX);
  const centerY = uniform(rng, EDGE_MARGIN_PX - box.minY, height - EDGE_MARGIN_PX - box.maxY);

  const shade = pick(rng, PALETTE[spec.color]);
  const jitter = (c: number): number => clampByte(Math.round(c + uniform(rng, -COLOR_JITTER, COLOR_JITTER)));
  const rgb: Rgb = [jitter(shade[0]), jitter(shade[1]), jitter(shade[2])];
  const background = randomInt(rng, 30, 225);
  const noiseSigma = uniform(rng, 2, 8);
  const randomExtension: ImageExtension = rng() < 0.5 ? 'jpg' : 'png';
  const jpegQuality = randomInt(rng, 70, 95);
  return {
    color: spec.color,
    shape: spec.shape,
    width,
    height,
    size,
    geometry,
    rotation,
    centerX,
    centerY,
    rgb,
    background,
    noiseSigma: spec.noise === false ? 0 : noiseSigma,
    extension: spec.format ?? randomExtension,
    jpegQuality,
  };
}

function planGeometry(rng: () => number, shape: Shape, size: number): ShapeGeometry {
  switch (shape) {
    case 'circle':
      return { kind: 'circle' };
    case 'square':
      return { kind: 'square' };
    case 'triangle': {
      if (rng() < 0.5) return { kind: 'triangle', base: size, height: (size * Math.sqrt(3)) / 2, equilateral: true };
      // Isosceles, clearly away from equilateral (h/b ≈ 0.87): squat or tall.
      const ratio = rng() < 0.5 ? uniform(rng, 0.5, 0.72) : uniform(rng, 1.05, 1.8);
      return ratio < 1
        ? { kind: 'triangle', base: size, height: size * ratio, equilateral: false }
        : { kind: 'triangle', base: size / ratio, height: size, equilateral: false };
    }
    case 'star': {
      // The unrotated star (point up) is 2·R·sin72° wide and R·(1+cos36°) tall; width wins.
      const outerRadius = size / (2 * Math.sin((2 * Math.PI) / 5));
      return { kind: 'star', outerRadius, innerRadius: outerRadius * uniform(rng, 0.38, 0.5) };
    }
  }
}

// ---------- geometry ----------

type Point = readonly [number, number];

/** Polygon vertices (or circle bounding points) after rotation about the centre. */
function outlineOf(geometry: ShapeGeometry, size: number, rotation: number, cx: number, cy: number): Point[] {
  let local: Point[];
  switch (geometry.kind) {
    case 'circle': {
      const r = size / 2;
      // Rotation is irrelevant; four extreme points give the exact bounds.
      return [
        [cx - r, cy],
        [cx + r, cy],
        [cx, cy - r],
        [cx, cy + r],
      ];
    }
    case 'square': {
      const h = size / 2;
      local = [
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
      ];
      break;
    }
    case 'triangle': {
      // Centred on its bounding box, apex up.
      const b = geometry.base / 2;
      const h = geometry.height / 2;
      local = [
        [0, -h],
        [b, h],
        [-b, h],
      ];
      break;
    }
    case 'star': {
      local = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? geometry.outerRadius : geometry.innerRadius;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        local.push([r * Math.cos(angle), r * Math.sin(angle)]);
      }
      break;
    }
  }
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return local.map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos]);
}

function boundsOf(points: readonly Point[]): { minX: number; maxX: number; minY: number; maxY: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

/** What the rasterizer needs: an exact inside test plus distance to the boundary. */
interface Region {
  inside(x: number, y: number): boolean;
  boundaryDistance(x: number, y: number): number;
}

function circleRegion(cx: number, cy: number, r: number): Region {
  return {
    inside: (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r,
    boundaryDistance: (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r),
  };
}

interface Edge {
  x: number;
  y: number;
  dx: number;
  dy: number;
  invLength2: number;
}

function polygonRegion(points: readonly Point[]): Region {
  const edges: Edge[] = points.map(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length] ?? [x, y];
    const dx = nx - x;
    const dy = ny - y;
    return { x, y, dx, dy, invLength2: 1 / (dx * dx + dy * dy) };
  });
  return {
    // Even–odd crossing test: the star is concave, so no half-plane shortcut.
    inside(x, y) {
      let inside = false;
      for (const e of edges) {
        const y1 = e.y + e.dy;
        if (e.y > y !== y1 > y && x < e.x + ((y - e.y) / e.dy) * e.dx) inside = !inside;
      }
      return inside;
    },
    boundaryDistance(x, y) {
      let best = Infinity;
      for (const e of edges) {
        const px = x - e.x;
        const py = y - e.y;
        const t = Math.min(1, Math.max(0, (px * e.dx + py * e.dy) * e.invLength2));
        const ex = px - t * e.dx;
        const ey = py - t * e.dy;
        best = Math.min(best, ex * ex + ey * ey);
      }
      return Math.sqrt(best);
    },
  };
}

// ---------- rasterization ----------

const SUBSAMPLES = 4;
/** A pixel whose centre is farther than half its diagonal from the edge is wholly in or out. */
const HALF_DIAGONAL = Math.SQRT1_2 + 1e-6;

/** Per-pixel coverage in [0, 1]; supersampled SUBSAMPLES² only in the thin band along edges. */
export function coverageOf(plan: ShapePhotoPlan): Float32Array {
  const { width, height } = plan;
  const outline = outlineOf(plan.geometry, plan.size, plan.rotation, plan.centerX, plan.centerY);
  const region = plan.geometry.kind === 'circle' ? circleRegion(plan.centerX, plan.centerY, plan.size / 2) : polygonRegion(outline);
  const box = boundsOf(outline);
  const coverage = new Float32Array(width * height);
  const x0 = Math.max(0, Math.floor(box.minX));
  const x1 = Math.min(width - 1, Math.ceil(box.maxX));
  const y0 = Math.max(0, Math.floor(box.minY));
  const y1 = Math.min(height - 1, Math.ceil(box.maxY));
  const step = 1 / SUBSAMPLES;
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      const cx = px + 0.5;
      const cy = py + 0.5;
      let a: number;
      if (region.boundaryDistance(cx, cy) > HALF_DIAGONAL) {
        a = region.inside(cx, cy) ? 1 : 0;
      } else {
        let hits = 0;
        for (let sy = 0; sy < SUBSAMPLES; sy++) {
          for (let sx = 0; sx < SUBSAMPLES; sx++) {
            if (region.inside(px + (sx + 0.5) * step, py + (sy + 0.5) * step)) hits++;
          }
        }
        a = hits / (SUBSAMPLES * SUBSAMPLES);
      }
      coverage[py * width + px] = a;
    }
  }
  return coverage;
}

/** Raw interleaved RGB: background, shape blended by coverage, then noise over everything. */
export function rasterizeShapePhoto(plan: ShapePhotoPlan, noiseSeed: number): Buffer {
  const coverage = coverageOf(plan);
  const noise = gaussianNoise(coverage.length * 3, plan.noiseSigma, noiseSeed);
  const pixels = Buffer.alloc(coverage.length * 3);
  const bg = plan.background;
  const [r, g, b] = plan.rgb;
  // Typed-array reads are always in bounds here; `?? 0` only satisfies noUncheckedIndexedAccess.
  for (let i = 0; i < coverage.length; i++) {
    const a = coverage[i] ?? 0;
    const o = i * 3;
    pixels[o] = clampByte(Math.round(bg + a * (r - bg) + (noise[o] ?? 0)));
    pixels[o + 1] = clampByte(Math.round(bg + a * (g - bg) + (noise[o + 1] ?? 0)));
    pixels[o + 2] = clampByte(Math.round(bg + a * (b - bg) + (noise[o + 2] ?? 0)));
  }
  return pixels;
}

/** count samples of N(0, sigma²) via Box–Muller, both outputs used; all zeros when sigma is 0. */
function gaussianNoise(count: number, sigma: number, seed: number): Float32Array {
  const noise = new Float32Array(count);
  if (sigma === 0) return noise;
  const rng = mulberry32(seed);
  for (let i = 0; i < count; i += 2) {
    const radius = sigma * Math.sqrt(-2 * Math.log(1 - rng())); // 1 − u ∈ (0, 1]: no log(0)
    const angle = 2 * Math.PI * rng();
    noise[i] = radius * Math.cos(angle);
    if (i + 1 < count) noise[i + 1] = radius * Math.sin(angle);
  }
  return noise;
}

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

// ---------- public API ----------

export interface RenderedShapePhoto {
  data: Buffer;
  extension: ImageExtension;
  width: number;
  height: number;
}

export async function renderShapePhoto(spec: ShapePhotoSpec): Promise<RenderedShapePhoto> {
  const plan = planShapePhoto(spec);
  const raw = rasterizeShapePhoto(plan, mixSeeds(spec.seed, 0x6e6f6973 /* "nois" */));
  const image = sharp(raw, { raw: { width: plan.width, height: plan.height, channels: 3 } });
  const data = plan.extension === 'jpg' ? await image.jpeg({ quality: plan.jpegQuality }).toBuffer() : await image.png().toBuffer();
  return { data, extension: plan.extension, width: plan.width, height: plan.height };
}

export interface RenderedSetEntry {
  /** Absolute path. */
  file: string;
  color: Color;
  shape: Shape;
}

/**
 * Writes perPair photos for every color×shape pair, plus labels.json
 * (`[{ file: "img-0000.jpg", color, shape }]`, file names relative to dir).
 * Order is shuffled so neither file names nor numbering reveal the label.
 */
export async function renderShapesSet(dir: string, options: { perPair: number; seed: number }): Promise<RenderedSetEntry[]> {
  if (!Number.isInteger(options.perPair) || options.perPair < 1) throw new Error(`perPair must be a positive integer`);
  const jobs: Array<{ color: Color; shape: Shape; seed: number }> = [];
  for (const color of COLORS) {
    for (const shape of SHAPES) {
      for (let k = 0; k < options.perPair; k++) jobs.push({ color, shape, seed: mixSeeds(options.seed, k) });
    }
  }
  shuffle(jobs, mulberry32(mixSeeds(options.seed, 0x73687566 /* "shuf" */)));

  const absoluteDir = resolve(dir);
  await mkdir(absoluteDir, { recursive: true });
  const digits = Math.max(4, String(jobs.length - 1).length);
  const entries: RenderedSetEntry[] = [];
  const labels: Array<{ file: string; color: Color; shape: Shape }> = [];
  for (const [index, job] of jobs.entries()) {
    const photo = await renderShapePhoto(job);
    const name = `img-${String(index).padStart(digits, '0')}.${photo.extension}`;
    await writeFile(join(absoluteDir, name), photo.data);
    entries.push({ file: join(absoluteDir, name), color: job.color, shape: job.shape });
    labels.push({ file: name, color: job.color, shape: job.shape });
  }
  await writeFile(join(absoluteDir, 'labels.json'), `${JSON.stringify(labels, null, 2)}\n`);
  return entries;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a === undefined || b === undefined) throw new Error('shuffle index out of range');
    items[i] = b;
    items[j] = a;
  }
}
