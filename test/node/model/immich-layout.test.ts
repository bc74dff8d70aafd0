/**
 * Immich's OpenCLIP layout (immich-app/ViT-B-32__openai, …-SigLIP__webli, XLM-Roberta-Large-Vit-B-32):
 * visual/ and textual/ folders, open_clip's config.json and preprocess_cfg.json, int32 text inputs
 * named `text` (or input_ids + attention_mask), batch fixed at 1, one `embedding` output. Stand-ins
 * hold the same towers (same seeds) as the transformers.js stand-ins, so the vectors of the two
 * layouts must agree: the transformers.js ones are checked against transformers.js itself.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { modelFolderFiles, readModelFolder } from '../../../src-main/node/model/model-folder';
import { cleanText } from '../../../src-main/node/model/open-clip-layout';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { REFERENCE_TEXTS } from '../../../tools/reference-models/reference-texts';
import { writeExportStandIn, type ExportLayout } from '../../../tools/reference-models/write-export-stand-in';
import { writeImmichStandIn, type ImmichLayout } from '../../../tools/reference-models/write-immich-stand-in';
import { failureOf } from '../../support/failure-of';
import { IMMICH_FILES_LUMEN_READS } from '../../support/immich-layout-files';
import { cosine } from './reference/vector-agreement';

const PHOTOS_DIR = join(import.meta.dirname, '../../fixtures/corpus/photos');

let root = '';
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-immich-layout-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const immich = (layout: ImmichLayout, options: { visionSeed?: number } = {}): Promise<string> =>
  writeImmichStandIn(join(root, `${layout}-${++count}`, 'ViT-B-32__openai'), layout, options);
const xenova = (layout: ExportLayout): Promise<string> => writeExportStandIn(join(root, `${layout}-${++count}`), layout);

async function vectorsOf(folder: string, photos: readonly string[], texts: readonly string[]) {
  const model = await ImageTextModel.load(folder, { intraOpNumThreads: 1 });
  try {
    const prepared = await Promise.all(photos.map(async (path) => model.prepareImage((await decodeImage(path)).image)));
    return { info: model.info, images: await model.embedImages(prepared), texts: await model.embedTexts(texts) };
  } finally {
    await model.dispose();
  }
}

async function somePhotos(count: number): Promise<string[]> {
  return (await readdir(PHOTOS_DIR))
    .sort()
    .slice(0, count)
    .map((name) => join(PHOTOS_DIR, name));
}

function expectSameVectors(actual: readonly Float32Array[], expected: readonly Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => expect(cosine(vector, expected[i] as Float32Array)).toBeGreaterThan(0.9999));
}

describe("Immich's OpenCLIP layout", () => {
  it('loads a CLIP model as Immich publishes it, with the vectors of the same towers in the transformers.js layout', async () => {
    const photos = await somePhotos(4);
    const texts = REFERENCE_TEXTS.slice(0, 8);
    const folder = await immich('immich-clip');
    const got = await vectorsOf(folder, photos, texts);
    const want = await vectorsOf(await xenova('xenova-clip'), photos, texts);
    expectSameVectors(got.images, want.images);
    expectSameVectors(got.texts, want.texts);
    expect(got.info.name).toBe('ViT-B-32__openai');
    expect(got.info.scoreRule.kind).toBe('softmax');
    const files = await readModelFolder(folder);
    expect(modelFolderFiles(files).sort()).toEqual(IMMICH_FILES_LUMEN_READS);
  });

  it("loads a SigLIP model (squash resize, texts padded to 64, open_clip's canonicalize cleaning) with SigLIP's scores", async () => {
    const photos = await somePhotos(3);
    const texts = REFERENCE_TEXTS.slice(0, 6);
    const got = await vectorsOf(await immich('immich-siglip'), photos, texts);
    const want = await vectorsOf(await xenova('xenova-siglip'), photos, texts);
    expectSameVectors(got.images, want.images);
    expectSameVectors(got.texts, want.texts);
    expect(got.info.scoreRule).toMatchObject({ kind: 'sigmoid', source: 'family-default' });
  });

  it('loads an M-CLIP text tower (input_ids and attention_mask, int32) beside the OpenCLIP image tower it was trained against', async () => {
    const clip = await vectorsOf(await immich('immich-clip', { visionSeed: 7 }), [], []);
    const folder = await immich('immich-mclip', { visionSeed: 7 });
    const mclip = await vectorsOf(folder, await somePhotos(2), ['ein Hund am Strand', 'un chien sur la plage', 'a dog on the beach']);
    // The same image tower: a library indexed with the CLIP model switches to M-CLIP without re-indexing.
    expect(mclip.info.imageTowerId).toBe(clip.info.imageTowerId);
    expect(mclip.texts).toHaveLength(3);
    expect(mclip.texts.every((vector) => vector.length === clip.info.embedDim)).toBe(true);
    // Padding to 77 under the mask changes nothing: one text alone gives the vector it gives in a batch.
    const alone = await vectorsOf(folder, [], ['a dog on the beach']);
    expectSameVectors(alone.texts, mclip.texts.slice(2));
  });

  it("cleans texts as Immich does: whitespace always, punctuation and case for open_clip's canonicalize", async () => {
    expect(cleanText('  a   red\tcircle\n', 'whitespace')).toBe('a red circle');
    expect(cleanText('A Red, Circle! (on_grey)', 'canonicalize')).toBe('a red circle ongrey');
    expect(cleanText('A Red, Circle!', 'whitespace')).toBe('A Red, Circle!');
    // The CLIP stand-in's tokenizer keeps punctuation: only the cleaning config.json asks for removes it.
    const folder = await immich('immich-clip');
    const plain = await vectorsOf(folder, [], ['a red circle', 'A red, circle!']);
    expect(cosine(plain.texts[0] as Float32Array, plain.texts[1] as Float32Array)).toBeLessThan(0.9999);
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { text_cfg: Record<string, unknown> };
    await writeFile(join(folder, 'config.json'), JSON.stringify({ ...config, text_cfg: { ...config.text_cfg, tokenizer_kwargs: { clean: 'canonicalize' } } }));
    const canonical = await vectorsOf(folder, [], ['a red circle', 'A red, circle!']);
    expectSameVectors(canonical.texts.slice(1), canonical.texts.slice(0, 1));
    expect(canonical.info.textTowerId).not.toBe(plain.info.textTowerId);
  });

  it('refuses what Immich refuses, naming the file and the reason', async () => {
    const folder = await immich('immich-clip');
    const preprocess = JSON.parse(await readFile(join(folder, 'visual/preprocess_cfg.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(folder, 'visual/preprocess_cfg.json'), JSON.stringify({ ...preprocess, resize_mode: 'longest' }));
    expect((await failureOf(readModelFolder(folder))).message).toBe(
      'model file visual/preprocess_cfg.json: resize_mode "longest" is not supported (shortest or squash, as in Immich)',
    );
    const other = await immich('immich-clip');
    await rm(join(other, 'textual/model.onnx'));
    const missing = await failureOf(ImageTextModel.load(other));
    expect(missing.code).toBe('missing-model');
    expect(missing.message).toMatch(/^model file missing: textual\/model\.onnx/);
  });
});
