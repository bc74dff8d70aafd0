import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { buildShapesLitModel, type ShapesLitOptions } from '../../../tools/shapes-lit/generate-model';

/** Small enough for a test (seconds), large enough to exercise every stage. */
const SMALL: Partial<ShapesLitOptions> = { trainingPhotos: 48, imageEpochs: 4, hiddenUnits: 16, embedDim: 8, textSteps: 12, imagesPerStep: 24 };
const root = await mkdtemp(join(tmpdir(), 'lumen-shapes-lit-'));

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return new Map(await Promise.all(names.map(async (n): Promise<[string, Buffer]> => [relative(dir, n).split(sep).join('/'), await readFile(n)])));
}

beforeAll(async () => {
  await buildShapesLitModel({ ...SMALL, out: join(root, 'first'), seed: 5 });
  await buildShapesLitModel({ ...SMALL, out: join(root, 'second'), seed: 5 });
  await buildShapesLitModel({ ...SMALL, out: join(root, 'other-seed'), seed: 6 });
}, 180_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('shapes-lit generation', () => {
  it('writes exactly the transformers.js layout', async () => {
    expect([...(await filesOf(join(root, 'first'))).keys()].sort()).toEqual([
      'config.json',
      'onnx/text_model.onnx',
      'onnx/vision_model.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const config = JSON.parse(await readFile(join(root, 'first', 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model_type: 'shapes-lit', projection_dim: 8, seed: 5 });
    expect(typeof config.logit_scale).toBe('number');
    expect(String(config.description)).toMatch(/LiT/);
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    const [first, second, other] = await Promise.all([filesOf(join(root, 'first')), filesOf(join(root, 'second')), filesOf(join(root, 'other-seed'))]);
    for (const [name, bytes] of first) expect(bytes.equals(second.get(name) as Buffer), name).toBe(true);
    expect(first.get('onnx/vision_model.onnx')?.equals(other.get('onnx/vision_model.onnx') as Buffer)).toBe(false);
  });

  it('loads through the same path as a real export and gives finite vectors for any photo', async () => {
    const model = await ImageTextModel.load(join(root, 'first'));
    try {
      expect(model.info).toMatchObject({ name: 'shapes-lit', embedDim: 8 });
      const corpus = join(import.meta.dirname, '../../fixtures/corpus/photos/coffee.png');
      const grey = { data: new Uint8Array(50 * 300 * 3).fill(90), width: 50, height: 300 };
      const prepared = [await model.prepareImage((await decodeImage(corpus)).image), await model.prepareImage(grey)];
      expect(prepared[1]?.width).toBe(128);
      const vectors = [...(await model.embedImages(prepared)), ...(await model.embedTexts(['a red circle', 'star', 'xyzzy']))];
      for (const vector of vectors) {
        expect(vector).toHaveLength(8);
        expect(vector.every(Number.isFinite)).toBe(true);
      }
    } finally {
      await model.dispose();
    }
  });
});
