/**
 * Image towers published alone — nomic-ai/nomic-embed-vision-v1.5 (onnx/model.onnx, its text tower
 * is the separate nomic-embed-text-v1.5), vision-only CLIP exports (onnx/vision_model*.onnx) — are
 * refused with a sentence saying there is no text tower, not only with the first file they lack.
 */
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { failureOf } from '../../support/failure-of';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-image-tower-alone-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const sentence = (folder: string): string =>
  `the model folder ${folder} has no text tower (no tokenizer.json and no onnx/text_model.onnx): an image tower alone cannot be searched by words, so Lumen needs a model with both towers in one folder (nomic-embed-vision-v1.5's text tower, for one, is the separate repository nomic-embed-text-v1.5, which Lumen does not pair with it)`;

/** A stand-in with its text tower files taken away. */
async function imageTowerOnly(name: string): Promise<string> {
  const folder = await writeExportStandIn(join(root, name), 'xenova-clip');
  for (const file of await readdir(join(folder, 'onnx'))) if (file.startsWith('text_model')) await rm(join(folder, 'onnx', file));
  await rm(join(folder, 'tokenizer.json'));
  await rm(join(folder, 'tokenizer_config.json'));
  return folder;
}

describe('an image tower without its text tower', () => {
  it('is refused saying so (a vision-only CLIP export)', async () => {
    const folder = await imageTowerOnly('clip-vision');
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.code).toBe('missing-model');
    expect(failure.message).toBe(sentence(folder));
  });

  it("is refused saying so (nomic-embed-vision-v1.5's layout: one onnx/model.onnx)", async () => {
    const folder = await imageTowerOnly('nomic-vision');
    for (const file of await readdir(join(folder, 'onnx'))) {
      if (file.startsWith('vision_model')) await rename(join(folder, 'onnx', file), join(folder, 'onnx', file.replace('vision_model', 'model')));
    }
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toBe(sentence(folder));
  });
});
