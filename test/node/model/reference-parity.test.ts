/**
 * Lumen against the reference implementation (@huggingface/transformers) on the same generated
 * CLIP and SigLIP folders — real architectures, seeded weights — with the real fixture photos
 * and a list of texts: every vector, every top-5, fp32 and quantized.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import type { ModelVariant } from '../../../src-main/node/model/model-variant';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { REFERENCE_TEXTS } from '../../../tools/reference-models/reference-texts';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { loadReference, type ReferenceDtype } from './reference/transformers-reference';
import { cosine, maxAbsDifference, topK } from './reference/vector-agreement';

const PHOTOS_DIR = join(import.meta.dirname, '../../fixtures/corpus/photos');
const FAMILIES = ['clip', 'siglip'] as const;
const VARIANTS: ReadonlyArray<[ModelVariant, ReferenceDtype]> = [
  ['fp32', 'fp32'],
  ['quantized', 'q8'],
  ['fp16', 'fp16'],
];

let root = '';
let photos: string[] = [];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-parity-'));
  photos = (await readdir(PHOTOS_DIR)).sort().map((name) => join(PHOTOS_DIR, name));
  for (const family of FAMILIES) await writeReferenceModel(join(root, family), { family, quantized: true, fp16: true });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function lumenImageVectors(model: ImageTextModel): Promise<Float32Array[]> {
  const prepared = await Promise.all(photos.map(async (path) => model.prepareImage((await decodeImage(path)).image)));
  return model.embedImages(prepared);
}

describe.each(FAMILIES)('%s: Lumen matches transformers.js', (family) => {
  it.each(VARIANTS)('%s: every photo and text vector, and every top-5', async (variant, dtype) => {
    const folder = join(root, family);
    const reference = await loadReference(folder, family, dtype);
    const lumen = await ImageTextModel.load(folder, { variant, intraOpNumThreads: 1 });
    try {
      expect(lumen.info.variant).toBe(variant);
      const [lumenImages, referenceImages] = [await lumenImageVectors(lumen), await reference.embedImageFiles(photos)];
      const [lumenTexts, referenceTexts] = [await lumen.embedTexts(REFERENCE_TEXTS), await reference.embedTexts(REFERENCE_TEXTS)];
      expect(lumenImages).toHaveLength(photos.length);
      for (const [ours, theirs] of [...zip(lumenImages, referenceImages), ...zip(lumenTexts, referenceTexts)]) {
        expect(cosine(ours, theirs)).toBeGreaterThanOrEqual(0.9999);
        expect(maxAbsDifference(ours, theirs)).toBeLessThanOrEqual(1e-4);
      }
      // The vectors must tell photos (and texts) apart, or equal top-5 lists would prove nothing.
      expect(minPairwiseCosine(lumenImages)).toBeLessThan(0.9);
      expect(minPairwiseCosine(lumenTexts)).toBeLessThan(0.999);
      lumenTexts.forEach((query, i) => expect(topK(query, lumenImages, 5)).toEqual(topK(referenceTexts[i] as Float32Array, referenceImages, 5)));
      lumenImages.forEach((query, i) => expect(topK(query, lumenTexts, 5)).toEqual(topK(referenceImages[i] as Float32Array, referenceTexts, 5)));
    } finally {
      await lumen.dispose();
    }
  });
});

function minPairwiseCosine(vectors: readonly Float32Array[]): number {
  let min = 1;
  vectors.forEach((a, i) => vectors.slice(i + 1).forEach((b) => (min = Math.min(min, cosine(a, b)))));
  return min;
}

function zip<T>(a: readonly T[], b: readonly T[]): Array<[T, T]> {
  expect(a.length).toBe(b.length);
  return a.map((item, i) => [item, b[i] as T]);
}
