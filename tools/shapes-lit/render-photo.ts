import sharp from 'sharp';
import type { PhotoPlan } from './photo-plan';
import { Prng } from './prng';

export interface RenderedPhoto {
  /** The encoded file: JPEG or PNG. */
  data: Buffer;
  extension: 'jpg' | 'png';
}

export interface RenderOptions {
  /** zlib level 0–9; training photos use 0, since PNG decodes to the same pixels at any level. */
  pngCompressionLevel?: number;
}

/** Draws the plan with SVG through sharp (librsvg), adds seeded noise, and encodes it. */
export async function renderPhoto(plan: PhotoPlan, options: RenderOptions = {}): Promise<RenderedPhoto> {
  const { data } = await sharp(Buffer.from(photoSvg(plan)))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  addNoise(data, plan.noiseSigma, plan.noiseSeed);
  const image = sharp(data, { raw: { width: plan.width, height: plan.height, channels: 3 } });
  return plan.format === 'jpeg'
    ? { data: await image.jpeg({ quality: plan.jpegQuality }).toBuffer(), extension: 'jpg' }
    : { data: await image.png({ compressionLevel: options.pngCompressionLevel ?? 6 }).toBuffer(), extension: 'png' };
}

export function photoSvg(plan: PhotoPlan): string {
  const [r, g, b] = plan.fill;
  const grey = `rgb(${plan.background},${plan.background},${plan.background})`;
  const paint = `fill="rgb(${r},${g},${b})" shape-rendering="${plan.aliased ? 'crispEdges' : 'geometricPrecision'}"`;
  const shape =
    plan.outline.kind === 'circle'
      ? `<circle cx="${fixed(plan.outline.cx)}" cy="${fixed(plan.outline.cy)}" r="${fixed(plan.outline.r)}" ${paint}/>`
      : `<polygon points="${plan.outline.points.map(([x, y]) => `${fixed(x)},${fixed(y)}`).join(' ')}" ${paint}/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${plan.width}" height="${plan.height}" viewBox="0 0 ${plan.width} ${plan.height}">` +
    `<rect width="100%" height="100%" fill="${grey}"/>${shape}</svg>`
  );
}

/** Fixed decimals, so the SVG text (and so the pixels) never depend on float printing quirks. */
const fixed = (value: number): string => value.toFixed(3);

/** Normal samples indexed by random bits: noise for a megapixel costs milliseconds, not tens of them. */
const NORMAL_TABLE_BITS = 12;
const NORMAL_TABLE = (() => {
  const rng = new Prng(0x6e6f6973);
  return Float32Array.from({ length: 1 << NORMAL_TABLE_BITS }, () => rng.gaussian());
})();

function addNoise(pixels: Buffer, sigma: number, seed: number): void {
  if (sigma <= 0) return;
  const scaled = NORMAL_TABLE.map((z) => z * sigma);
  const mask = scaled.length - 1;
  // A clamped view rounds and clips on assignment, which is exactly what adding noise to bytes needs.
  const clamped = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length);
  let state = seed | 1; // xorshift32 (never zero): fast enough to draw once per channel value
  for (let i = 0; i < clamped.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    clamped[i] = (clamped[i] ?? 0) + (scaled[state & mask] ?? 0);
  }
}
