/**
 * SigLIP 2 NaFlex exports (google/siglip2-*-naflex, and ONNX exports of them such as
 * upshift/siglip2-base-patch16-naflex-onnx: pixel_values [B, N, 768] of patches, pixel_attention_mask,
 * spatial_shapes → image_embeds) cut each photo into patches at its own aspect ratio. Lumen does not
 * prepare such input: both the preprocessor and a vision graph that wants more than pixel_values are
 * refused with a sentence saying what is missing, before anything runs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { attr } from '../../../tools/onnx-builder/attributes';
import { GraphBuilder } from '../../../tools/onnx-builder/graph-builder';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { failureOf } from '../../support/failure-of';

let root = '';
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-naflex-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const siglip = (): Promise<string> => writeExportStandIn(join(root, `siglip-${++count}`), 'xenova-siglip');

describe('SigLIP 2 NaFlex', () => {
  it("is refused for its preprocessor's variable-resolution patches, naming preprocessor_config.json", async () => {
    const folder = await siglip();
    // google/siglip2-base-patch16-naflex's preprocessor_config.json (Siglip2ImageProcessor): patches, no size.
    await writeFile(
      join(folder, 'preprocessor_config.json'),
      JSON.stringify({
        do_normalize: true,
        do_rescale: true,
        do_resize: true,
        image_mean: [0.5, 0.5, 0.5],
        image_processor_type: 'Siglip2ImageProcessor',
        image_std: [0.5, 0.5, 0.5],
        max_num_patches: 256,
        patch_size: 16,
        processor_class: 'Siglip2Processor',
        resample: 2,
        rescale_factor: 1 / 255,
      }),
    );
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toBe(
      'model file preprocessor_config.json: max_num_patches asks for SigLIP 2 NaFlex input (each photo cut into up to 256 patches at its own aspect ratio), which Lumen does not prepare; use a fixed-resolution export of the model instead (such as siglip2-base-patch16-224)',
    );
  });

  it('is refused for a vision graph that takes more than pixel_values, naming the inputs', async () => {
    const folder = await siglip();
    const preprocessor = await readFile(join(folder, 'preprocessor_config.json'), 'utf8');
    const b = new GraphBuilder('naflex_vision');
    const pixels = b.input('pixel_values', 'float32', ['batch_size', 'num_patches', 768]);
    b.input('pixel_attention_mask', 'int64', ['batch_size', 'num_patches']);
    b.input('spatial_shapes', 'int64', ['batch_size', 2]);
    b.output('image_embeds', 'float32', ['batch_size', 768], b.op('ReduceMean', [pixels], { axes: attr.ints([1]), keepdims: attr.int(0) }));
    await writeFile(join(folder, 'onnx/vision_model.onnx'), b.toModelBytes({ opsetVersion: 17, producerName: 'lumen-test' }));
    expect(await readFile(join(folder, 'preprocessor_config.json'), 'utf8')).toBe(preprocessor);
    const failure = await failureOf(ImageTextModel.load(folder, { intraOpNumThreads: 1 }));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toBe(
      'model file onnx/vision_model.onnx takes pixel_values, pixel_attention_mask, spatial_shapes; Lumen feeds an image tower pixel_values only',
    );
  });
});
