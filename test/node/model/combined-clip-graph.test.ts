/**
 * Xenova/chinese-clip-vit-base-patch16 and -large-patch14 ship both towers in one graph only
 * (`onnx/model.onnx`, `_fp16`, `_quantized`) with a whole CLIPModel's signature: input_ids,
 * attention_mask and pixel_values in, logits and the normalized text_embeds and image_embeds out.
 * Lumen runs such a graph for texts alone and for photos alone, and gets the vectors the same towers
 * give as two graphs.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { MULTILINGUAL_TEXTS, REFERENCE_TEXTS } from '../../../tools/reference-models/reference-texts';
import { writeChineseClipStandIn } from '../../../tools/reference-models/write-chinese-clip-stand-in';
import { cosine } from './reference/vector-agreement';

const PHOTOS_DIR = join(import.meta.dirname, '../../fixtures/corpus/photos');
const TEXTS = [...REFERENCE_TEXTS.slice(0, 6), ...MULTILINGUAL_TEXTS.slice(0, 2), '一只猫', '海边的日落'];

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-combined-clip-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function vectorsOf(folder: string, options: { variant?: 'quantized' } = {}) {
  const photos = (await readdir(PHOTOS_DIR)).sort().slice(0, 4);
  const model = await ImageTextModel.load(folder, { intraOpNumThreads: 1, ...options });
  try {
    const prepared = await Promise.all(photos.map(async (name) => model.prepareImage((await decodeImage(join(PHOTOS_DIR, name))).image)));
    const alone = await Promise.all(TEXTS.slice(0, 3).map(async (text) => (await model.embedTexts([text]))[0] as Float32Array));
    return { info: model.info, images: await model.embedImages(prepared), texts: await model.embedTexts(TEXTS), alone };
  } finally {
    await model.dispose();
  }
}

function expectSame(actual: readonly Float32Array[], expected: readonly Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => expect(cosine(vector, expected[i] as Float32Array)).toBeGreaterThan(0.9999));
}

describe('a CLIPModel graph holding both towers (Chinese-CLIP)', () => {
  it('gives the vectors of the same towers as two graphs, for texts and photos alone', async () => {
    const combined = await vectorsOf(await writeChineseClipStandIn(join(root, 'combined')));
    const split = await vectorsOf(await writeChineseClipStandIn(join(root, 'split'), { splitTwin: true }));
    expectSame(combined.images, split.images);
    expectSame(combined.texts, split.texts);
    // A text's vector does not depend on the texts it is batched with.
    expectSame(combined.alone, combined.texts.slice(0, 3));
    expect(combined.info.variant).toBe('fp32');
  });

  it('runs the precision asked for', async () => {
    const quantized = await vectorsOf(await writeChineseClipStandIn(join(root, 'quantized')), { variant: 'quantized' });
    expect(quantized.info.variant).toBe('quantized');
    expect(quantized.texts).toHaveLength(TEXTS.length);
  });
});
