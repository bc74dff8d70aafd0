import sharp from 'sharp';
import type { PreprocessSpec, ResampleFilter, ResizeRule } from './preprocess-spec';
import { resizeTarget } from './resize-target';
import type { RgbImage } from './rgb-image';
import { ImageFormatError } from '../photos/formats/image-format-error';

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
 * A resize larger than this many times the crop is done on the part of the image the crop keeps
 * (see cropWindow): a 5000×3 banner scaled to a 128-px short side is 213333×128 pixels, which took
 * 8 s and 2.6 GB to make for the 128×128 the model sees. Ordinary photos (up to 4:1) never get here.
 */
const WHOLE_RESIZE_LIMIT = 16;
/**
 * Without a crop the model sees all of the resize, so a strip costs its whole length: the demo
 * model (shortest edge 128) took a 5000×3 banner as a 213333×128 input, 8 s and 2.6 GB. Longer than
 * this many times its short side, the resize is refused before it is made; a 30:1 panorama passes.
 */
export const MAX_UNCROPPED_ELONGATION = 64;
/** Output pixels resized beyond the crop on each side: more than any filter here reaches (lanczos3: 3). */
const FILTER_MARGIN = 4;

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
    const crop = spec.centerCrop;
    if (crop && target.width * target.height > WHOLE_RESIZE_LIMIT * crop.width * crop.height) {
      // Only the source pixels under the crop (and the filter's reach) are resized, at the same scale.
      const across = cropWindow(image.width, target.width, crop.width);
      const down = cropWindow(image.height, target.height, crop.height);
      const middle = cropAt(image, across.start, down.start, across.end - across.start, down.end - down.start);
      current = cropAt(await resizeRgb(middle, across.resized, down.resized, spec.resize.resample), across.offset, down.offset, crop.width, crop.height);
      return { data: toNormalizedChw(current, spec), width: current.width, height: current.height };
    }
    if (target.width * target.height > MAX_RESIZED_PIXELS || (!crop && isUnboundedStrip(target, spec.resize.rule))) {
      throw new ImageFormatError(
        `image is too elongated to index (${image.width}×${image.height} pixels): the model's resize would make it ${target.width}×${target.height}; crop it to a less extreme shape`,
      );
    }
    current = await resizeRgb(current, target.width, target.height, spec.resize.resample);
  }
  if (spec.centerCrop) current = centerCrop(current, spec.centerCrop.width, spec.centerCrop.height);
  return { data: toNormalizedChw(current, spec), width: current.width, height: current.height };
}

/** A resize whose long side no longest edge bounds, more than MAX_UNCROPPED_ELONGATION times its short side. */
function isUnboundedStrip(target: { width: number; height: number }, rule: ResizeRule): boolean {
  const elongation = Math.max(target.width, target.height) / Math.min(target.width, target.height);
  return rule.kind === 'edges' && rule.longestEdge === null && elongation > MAX_UNCROPPED_ELONGATION;
}

/**
 * Along one axis of `length` source pixels resized to `resized` and cropped to `crop` at
 * floor((resized − crop) / 2): the source pixels [start, end) that reach the crop, what they are
 * resized to at the same scale, and where the crop then starts in that (within half a pixel of
 * the whole resize's crop). An axis the crop nearly fills is kept whole.
 */
function cropWindow(length: number, resized: number, crop: number): { start: number; end: number; resized: number; offset: number } {
  const scale = resized / length;
  const offset = Math.floor((resized - crop) / 2);
  const margin = Math.ceil(FILTER_MARGIN / Math.min(scale, 1));
  const start = Math.max(0, Math.floor(offset / scale) - margin);
  const end = Math.min(length, Math.ceil((offset + crop) / scale) + margin);
  if (start === 0 && end === length) return { start, end, resized, offset };
  const shift = Math.round(start * scale);
  return { start, end, resized: Math.max(1, Math.round((end - start) * scale)), offset: offset - shift };
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
  return cropAt(image, Math.floor((image.width - width) / 2), Math.floor((image.height - height) / 2), width, height);
}

/** The width×height window whose top left is (offsetX, offsetY); what lies outside the image is black. */
function cropAt(image: RgbImage, offsetX: number, offsetY: number, width: number, height: number): RgbImage {
  if (offsetX === 0 && offsetY === 0 && image.width === width && image.height === height) return image;
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
