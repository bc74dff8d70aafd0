/**
 * How far the current decode stage's results are from the previous stage's (bench/previous-decode-stage.ts)
 * on the same photo: the model's vectors (cosine) and the thumbnails' pixels. Used by
 * `npm run bench -- decode` and by the fidelity test over test/fixtures photos.
 */
import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { decodeForModel, prepareDecoded, type ModelInput } from '../src-main/node/indexer/embed-worker/decode-for-model';
import type { PreparedImage } from '../src-main/node/model/image-preprocessor';
import { decodeImage } from '../src-main/node/photos/decode-image';
import { ImageTextModel } from '../src-main/node/model/image-text-model';
import type { RgbImage } from '../src-main/node/model/rgb-image';
import { makeThumbnail, THUMBNAIL_SIZE, thumbnailSizeFor } from '../src-main/node/photos/thumbnail';
import { previousDecodeForIndex, previousThumbnail } from './previous-decode-stage';
import { specModelInput } from './spec-model-input';

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

/**
 * Mean absolute difference (0–255, over all channels) between two thumbnails, given encoded or as
 * raw RGB. The previous stage rounded the thumbnail size twice (photo → 640 px → 320 px), so it
 * can be a pixel off the current one's: it is then resampled to the current size first.
 */
export async function thumbnailDifference(previous: Sharp, current: Sharp): Promise<{ meanAbs: number; resampled: boolean }> {
  const now = await current.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const before = await previous.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const resampled = before.info.width !== now.info.width || before.info.height !== now.info.height;
  if (Math.abs(before.info.width - now.info.width) > 1 || Math.abs(before.info.height - now.info.height) > 1) {
    throw new Error(`thumbnail sizes differ by more than a pixel: ${before.info.width}×${before.info.height} and ${now.info.width}×${now.info.height}`);
  }
  const pixels = resampled
    ? await sharp(before.data, { raw: { width: before.info.width, height: before.info.height, channels: 3 } })
        .resize({ width: now.info.width, height: now.info.height, fit: 'fill' })
        .raw()
        .toBuffer()
    : before.data;
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += Math.abs((pixels[i] as number) - (now.data[i] as number));
  return { meanAbs: sum / pixels.length, resampled };
}

const rawOf = (image: RgbImage): Sharp => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });

/** The model input as CLIP's own (PIL) preprocessing makes it: the full-size photo, an antialiased bicubic resize, then the model's crop and normalization. */
async function referenceInput(bytes: Buffer, input: ModelInput): Promise<PreparedImage> {
  const full = (await decodeImage(bytes)).image;
  const target = input.resizeTargetFor(full);
  if (target === null) return input.prepareImage(full);
  const data = await rawOf(full).resize({ width: target.width, height: target.height, fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  return input.prepareImage({ data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: target.width, height: target.height });
}

export interface PhotoFidelity {
  path: string;
  /** Of the two stages' vectors for this photo. */
  cosine: number;
  /** Of the two stages' model inputs (the tensors), and of each against a PIL-like one (antialiased bicubic from full size, as CLIP was trained). */
  inputCosine: number;
  previousInputToReference: number;
  currentInputToReference: number;
  /** Thumbnail pixels before encoding: what decoding at another size changed. */
  pixelsMeanAbs: number;
  /** The thumbnail files decoded back: that, plus the encoder's effort. */
  thumbnailMeanAbs: number;
  thumbnailResampled: boolean;
}

/** Both stages on each photo, with the model in `modelFolder` (its towers for the vectors, its preprocessing for the input). */
export async function fidelityPerPhoto(modelFolder: string, paths: readonly string[]): Promise<PhotoFidelity[]> {
  const model = await ImageTextModel.load(modelFolder, { intraOpNumThreads: 2 });
  const input = await specModelInput(modelFolder);
  try {
    const results: PhotoFidelity[] = [];
    for (const path of paths) {
      const bytes = await readFile(path);
      const before = await previousDecodeForIndex(bytes);
      const now = await decodeForModel(bytes, input);
      const [previousInput, currentInput] = [await input.prepareImage(before.image), await prepareDecoded(now.image, input)];
      const [a, b] = await model.embedImages([previousInput, currentInput]);
      const reference = await referenceInput(bytes, input);
      const size = thumbnailSizeFor({ width: now.originalWidth, height: now.originalHeight });
      const pixels = await thumbnailDifference(
        rawOf(before.image).resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }),
        size.width === now.image.width && size.height === now.image.height
          ? rawOf(now.image)
          : rawOf(now.image).resize({ width: size.width, height: size.height, fit: 'fill' }),
      );
      const thumbnail = await thumbnailDifference(sharp(await previousThumbnail(before.image)), sharp(await makeThumbnail(now.image, size)));
      results.push({
        path,
        cosine: cosine(a as Float32Array, b as Float32Array),
        inputCosine: cosine(previousInput.data, currentInput.data),
        previousInputToReference: cosine(reference.data, previousInput.data),
        currentInputToReference: cosine(reference.data, currentInput.data),
        pixelsMeanAbs: pixels.meanAbs,
        thumbnailMeanAbs: thumbnail.meanAbs,
        thumbnailResampled: thumbnail.resampled,
      });
    }
    return results;
  } finally {
    await model.dispose();
  }
}

export interface FidelitySummary {
  minCosine: number;
  meanCosine: number;
  /** Ranges [min, max] over the photos. */
  inputCosine: [number, number];
  previousInputToReference: [number, number];
  currentInputToReference: [number, number];
  pixelsMeanAbs: number;
  pixelsWorst: number;
  thumbnailMeanAbs: number;
  thumbnailWorst: number;
}

export async function fidelity(modelFolder: string, paths: readonly string[]): Promise<FidelitySummary> {
  const results = await fidelityPerPhoto(modelFolder, paths);
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
  return {
    minCosine: Math.min(...results.map((r) => r.cosine)),
    meanCosine: mean(results.map((r) => r.cosine)),
    inputCosine: range(results.map((r) => r.inputCosine)),
    previousInputToReference: range(results.map((r) => r.previousInputToReference)),
    currentInputToReference: range(results.map((r) => r.currentInputToReference)),
    pixelsMeanAbs: mean(results.map((r) => r.pixelsMeanAbs)),
    pixelsWorst: Math.max(...results.map((r) => r.pixelsMeanAbs)),
    thumbnailMeanAbs: mean(results.map((r) => r.thumbnailMeanAbs)),
    thumbnailWorst: Math.max(...results.map((r) => r.thumbnailMeanAbs)),
  };
}
