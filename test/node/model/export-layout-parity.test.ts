/**
 * Lumen against transformers.js on stand-ins of real exports — each with the file layout, config
 * keys and graph signatures of its hub repository (tools/reference-models/write-export-stand-in.ts)
 * — on the fixture photos and texts in several languages: every vector at cosine ≥ 0.9999, every
 * top-5 identical.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { MULTILINGUAL_TEXTS, REFERENCE_TEXTS } from '../../../tools/reference-models/reference-texts';
import type { ModelVariant } from '../../../src-main/node/model/model-variant';
import { EXPORT_LAYOUTS, writeExportStandIn, type ExportLayout } from '../../../tools/reference-models/write-export-stand-in';
import { loadLayoutReference, type ReferenceDtype } from './reference/layout-reference';
import { cosine, topK } from './reference/vector-agreement';

const PHOTOS_DIR = join(import.meta.dirname, '../../fixtures/corpus/photos');
const TEXTS = [...REFERENCE_TEXTS.filter((t) => t !== ''), ...MULTILINGUAL_TEXTS];

let root = '';
let photos: string[] = [];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-layouts-'));
  photos = (await readdir(PHOTOS_DIR)).sort().map((name) => join(PHOTOS_DIR, name));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe.each(EXPORT_LAYOUTS)('%s stand-in: Lumen matches transformers.js', (layout) => {
  it('on every photo and text vector, and every top-5', async () => {
    const folder = await writeExportStandIn(join(root, layout), layout);
    const reference = await loadLayoutReference(folder, layout);
    const lumen = await ImageTextModel.load(folder, { intraOpNumThreads: 1 });
    try {
      const prepared = await Promise.all(photos.map(async (path) => lumen.prepareImage((await decodeImage(path)).image)));
      const [lumenImages, referenceImages] = [await lumen.embedImages(prepared), await reference.embedImageFiles(photos)];
      const [lumenTexts, referenceTexts] = [await lumen.embedTexts(TEXTS), await reference.embedTexts(TEXTS)];
      expect(lumenImages).toHaveLength(photos.length);
      expect(lumenTexts).toHaveLength(TEXTS.length);
      lumenImages.forEach((ours, i) => expect(cosine(ours, referenceImages[i] as Float32Array), `photo ${i}`).toBeGreaterThanOrEqual(0.9999));
      lumenTexts.forEach((ours, i) => expect(cosine(ours, referenceTexts[i] as Float32Array), TEXTS[i]).toBeGreaterThanOrEqual(0.9999));
      // The vectors must tell photos (and texts) apart, or equal top-5 lists would prove nothing.
      expect(minPairwiseCosine(lumenImages)).toBeLessThan(0.99);
      expect(minPairwiseCosine(lumenTexts)).toBeLessThan(0.99);
      lumenTexts.forEach((query, i) => expect(topK(query, lumenImages, 5)).toEqual(topK(referenceTexts[i] as Float32Array, referenceImages, 5)));
      lumenImages.forEach((query, i) => expect(topK(query, lumenTexts, 5)).toEqual(topK(referenceImages[i] as Float32Array, referenceTexts, 5)));
    } finally {
      await lumen.dispose();
    }
  });
});

/** Each precision file as transformers.js picks it by dtype and Lumen by --variant: the same file, the same vectors. */
const PRECISIONS: ReadonlyArray<[ExportLayout, ModelVariant, ReferenceDtype]> = [
  ['xenova-clip', 'quantized', 'q8'],
  ['xenova-clip', 'fp16', 'fp16'],
  ['jina-clip-v1', 'int8', 'int8'],
  ['jina-clip-v1', 'uint8', 'uint8'],
  ['jina-clip-v1', 'q4', 'q4'],
  ['jina-clip-v1', 'bnb4', 'bnb4'],
];

describe.each(PRECISIONS)('%s stand-in, %s files: Lumen matches transformers.js with dtype %s', (layout, variant, dtype) => {
  it('on every photo and text vector', async () => {
    const folder = join(root, `${layout}-${variant}`);
    await writeExportStandIn(folder, layout);
    const reference = await loadLayoutReference(folder, layout, dtype);
    const lumen = await ImageTextModel.load(folder, { intraOpNumThreads: 1, variant });
    try {
      expect(lumen.info.variant).toBe(variant);
      const prepared = await Promise.all(photos.map(async (path) => lumen.prepareImage((await decodeImage(path)).image)));
      const [lumenImages, referenceImages] = [await lumen.embedImages(prepared), await reference.embedImageFiles(photos)];
      const [lumenTexts, referenceTexts] = [await lumen.embedTexts(TEXTS), await reference.embedTexts(TEXTS)];
      lumenImages.forEach((ours, i) => expect(cosine(ours, referenceImages[i] as Float32Array), `photo ${i}`).toBeGreaterThanOrEqual(0.9999));
      lumenTexts.forEach((ours, i) => expect(cosine(ours, referenceTexts[i] as Float32Array), TEXTS[i]).toBeGreaterThanOrEqual(0.9999));
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
