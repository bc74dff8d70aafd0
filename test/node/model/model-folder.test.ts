import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { MODEL_FILES, readModelFolder } from '../../../src-main/node/model/model-folder';
import { writeTinyModelFolder } from './fixtures/tiny-model-folder';
import { failureOf } from '../../support/failure-of';

const folders: string[] = [];
async function tinyFolder(options: Parameters<typeof writeTinyModelFolder>[1] = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-model-'));
  folders.push(dir);
  return writeTinyModelFolder(dir, options);
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('readModelFolder', () => {
  it('reads a complete folder', async () => {
    const folder = await readModelFolder(await tinyFolder());
    expect(folder.config.name).toBe('tiny-test-model');
    expect(folder.tokenizerConfig.model_max_length).toBe(6);
    expect(folder.visionModelPath.endsWith(join('onnx', 'vision_model.onnx'))).toBe(true);
  });

  it('reports a missing folder', async () => {
    const failure = await failureOf(readModelFolder(join(tmpdir(), 'lumen-no-such-model-folder')));
    expect(failure.code).toBe('missing-model');
    expect(failure.message).toContain('lumen-no-such-model-folder');
  });

  it.each(['config', 'preprocessorConfig', 'tokenizer', 'visionModel', 'textModel'] as const)('names the missing file (%s)', async (key) => {
    const dir = await tinyFolder();
    await rm(join(dir, MODEL_FILES[key]));
    const failure = await failureOf(readModelFolder(dir));
    expect(failure.code).toBe('missing-model');
    expect(failure.message).toContain(MODEL_FILES[key]);
  });

  it('treats tokenizer_config.json as optional', async () => {
    const folder = await readModelFolder(await tinyFolder({ tokenizerConfig: null }));
    expect(folder.tokenizerConfig).toEqual({});
  });

  it.each(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'])('names an unparsable %s and says why', async (file) => {
    const dir = await tinyFolder();
    await writeFile(join(dir, file), '{"size": 224,');
    const failure = await failureOf(readModelFolder(dir));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toContain(file);
    expect(failure.message).toMatch(/not valid JSON/);
  });

  it('refuses JSON that is not an object', async () => {
    const dir = await tinyFolder();
    await writeFile(join(dir, 'config.json'), '[1, 2]');
    expect((await failureOf(readModelFolder(dir))).message).toMatch(/config\.json must hold a JSON object/);
  });
});

describe('ImageTextModel.load errors', () => {
  it('names an ONNX file onnxruntime cannot read', async () => {
    const dir = await tinyFolder();
    await writeFile(join(dir, MODEL_FILES.textModel), 'not a protobuf at all');
    const failure = await failureOf(ImageTextModel.load(dir));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toContain('onnx/text_model.onnx');
  });

  it('names a bad preprocessor setting', async () => {
    const dir = await tinyFolder({ preprocessor: { do_resize: true, size: { shortest_edge: 8 }, resample: 5 } });
    const failure = await failureOf(ImageTextModel.load(dir));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toMatch(/preprocessor_config\.json: resample 5/);
  });

  it('reports towers that disagree on the vector size', async () => {
    const dir = await tinyFolder();
    // A vision tower from another model: [batch, 32] outputs against a 3-wide text tower.
    const { GraphBuilder } = await import('../../../tools/onnx-builder/graph-builder');
    const { attr } = await import('../../../tools/onnx-builder/attributes');
    const b = new GraphBuilder('wide');
    const pixels = b.input('pixel_values', 'float32', ['batch', 3, 'height', 'width']);
    const pooled = b.op('ReduceMean', [pixels], { axes: attr.ints([1, 2, 3]), keepdims: attr.int(0) });
    const wide = b.op('Expand', [
      b.op('Unsqueeze', [pooled, b.constant('axes', { type: 'int64', dims: [1], values: BigInt64Array.of(1n) })]),
      b.constant('shape', { type: 'int64', dims: [2], values: BigInt64Array.of(1n, 32n) }),
    ]);
    b.output('image_embeds', 'float32', ['batch', 32], wide);
    await writeFile(join(dir, MODEL_FILES.visionModel), b.toModelBytes({ opsetVersion: 17, producerName: 'test' }));
    expect((await failureOf(ImageTextModel.load(dir))).message).toMatch(/32-dimensional .* gives 3/);
  });
});
