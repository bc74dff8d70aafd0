import sharp from 'sharp';
import type { PreprocessSpec, ResampleFilter } from './preprocess-spec';
import { resizeTarget } from './resize-target';
import type { RgbImage } from './rgb-image';

/** One image as the vision tower's input: float32, channels first (CHW), no batch axis. */
export interface PreparedImage {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Largest image the resize step may produce. An extreme strip (a 65535×1 PNG is legal and tiny)
 * would otherwise be scaled up by its short side into gigabytes before the crop throws most away.
 */
export const MAX_RESIZED_PIXELS = 64_000_000;

/**
 * Resize, center crop, rescale and normalize, in that order, with the arithmetic of
 * transformers.js' ImageProcessor: sharp's affine transform for nearest/bilinear/bicubic and its
 * lanczos3 resize for lanczos, a crop at floor((size − crop) / 2) padded with black, and every
 * step rounded to float32.
 */
export async function prepareImage(image: RgbImage, spec: PreprocessSpec): Promise<PreparedImage> {
  if (image.data.length !== image.width * image.height * 3) {
    throw new Error(`RGB image of ${image.width}×${image.height} should hold ${image.width * image.height * 3} bytes, got ${image.data.length}`);
  }
  let current = image;
  if (spec.resize) {
    const target = resizeTarget(image.width, image.height, spec.resize.rule);
    if (target.width * target.height > MAX_RESIZED_PIXELS) {
      throw new Error(
        `image is too elongated to index (${image.width}×${image.height} pixels): the model's resize would make it ${target.width}×${target.height}; crop it to a less extreme shape`,
      );
    }
    current = await resizeRgb(current, target.width, target.height, spec.resize.resample);
  }
  if (spec.centerCrop) current = centerCrop(current, spec.centerCrop.width, spec.centerCrop.height);
  return { data: toNormalizedChw(current, spec), width: current.width, height: current.height };
}

/** The size prepareImage resizes an image of this size to, or null where the spec does not resize. */
export function preprocessResizeTarget(size: { width: number; height: number }, spec: PreprocessSpec): { width: number; height: number } | null {
  return spec.resize ? resizeTarget(size.width, size.height, spec.resize.rule) : null;
}

export async function resizeRgb(image: RgbImage, width: number, height: number, filter: ResampleFilter): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const resized =
    filter === 'lanczos'
      ? source.resize({ width, height, fit: 'fill', kernel: 'lanczos3' })
      : source.affine([width / image.width, 0, 0, height / image.height], { interpolator: filter });
  const { data, info } = await resized.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 3) {
    throw new Error(`resize to ${width}×${height} produced ${info.width}×${info.height}×${info.channels}`);
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/** Crop around the centre; where the crop is larger than the image, the border is black. */
export function centerCrop(image: RgbImage, width: number, height: number): RgbImage {
  if (image.width === width && image.height === height) return image;
  const offsetX = Math.floor((image.width - width) / 2);
  const offsetY = Math.floor((image.height - height) / 2);
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sourceY = y + offsetY;
    if (sourceY < 0 || sourceY >= image.height) continue;
    const fromX = Math.max(0, -offsetX);
    const toX = Math.min(width, image.width - offsetX);
    if (toX <= fromX) continue;
    const sourceStart = (sourceY * image.width + fromX + offsetX) * 3;
    out.set(image.data.subarray(sourceStart, sourceStart + (toX - fromX) * 3), (y * width + fromX) * 3);
  }
  return { data: out, width, height };
}

function toNormalizedChw(image: RgbImage, spec: PreprocessSpec): Float32Array {
  // 256 possible inputs per channel: compute each value once, exactly as the per-pixel steps would.
  const tables = [0, 1, 2].map((channel) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) {
      let x = v;
      if (spec.rescaleFactor !== null) x = Math.fround(spec.rescaleFactor * x);
      if (spec.normalize) x = Math.fround((x - (spec.normalize.mean[channel] ?? 0)) / (spec.normalize.std[channel] ?? 1));
      table[v] = x;
    }
    return table;
  });
  const [red, green, blue] = tables as [Float32Array, Float32Array, Float32Array];
  const plane = image.width * image.height;
  const out = new Float32Array(plane * 3);
  const { data } = image;
  for (let i = 0, o = 0; i < plane; i++, o += 3) {
    out[i] = red[data[o] ?? 0] ?? 0;
    out[plane + i] = green[data[o + 1] ?? 0] ?? 0;
    out[2 * plane + i] = blue[data[o + 2] ?? 0] ?? 0;
  }
  return out;
}
