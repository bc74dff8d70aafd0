import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import type { RgbImage } from '../../../src-main/node/model/rgb-image';
import { TINY_PREPROCESSOR, TINY_VOCAB, writeTinyModelFolder } from './fixtures/tiny-model-folder';

const flat = (width: number, height: number, rgb: [number, number, number]): RgbImage => {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height };
};
const id = (word: (typeof TINY_VOCAB)[number]): number => TINY_VOCAB.indexOf(word);
/** What the tiny vision tower returns for a flat colour with mean/std 0.5: (v/255 − 0.5)/0.5. */
const expected = (rgb: number[]): number[] => rgb.map((v) => (v / 255 - 0.5) / 0.5);

let root: string;
let model: ImageTextModel;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-itm-'));
  model = await ImageTextModel.load(await writeTinyModelFolder(join(root, 'tiny')), { intraOpNumThreads: 1 });
});
afterAll(async () => {
  await model.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('ImageTextModel on real onnxruntime sessions', () => {
  it('describes itself', () => {
    expect(model.info.name).toBe('tiny-test-model');
    expect(model.info.embedDim).toBe(3);
    expect(model.info.imageTowerId).toMatch(/^[0-9a-f]{64}$/);
    expect(model.info.textTowerId).toMatch(/^[0-9a-f]{64}$/);
    expect(model.info.imageTowerId).not.toBe(model.info.textTowerId);
    expect(model.info.executionProvider).toBe('cpu');
  });

  it("prepares images with the folder's preprocessor", async () => {
    const prepared = await model.prepareImage(flat(40, 16, [255, 0, 51]));
    expect([prepared.width, prepared.height]).toEqual([20, 8]);
    expect(prepared.data[0]).toBeCloseTo(1, 6);
  });

  it('embeds images of mixed sizes in input order, batched by size', async () => {
    const colours: Array<[number, number, number]> = [
      [255, 0, 0],
      [0, 255, 0],
      [10, 20, 30],
      [0, 0, 255],
      [128, 64, 32],
    ];
    const sizes = [
      [16, 8],
      [8, 8],
      [16, 8],
      [8, 24],
      [8, 8],
    ] as const;
    const prepared = await Promise.all(colours.map((c, i) => model.prepareImage(flat(sizes[i]?.[0] ?? 8, sizes[i]?.[1] ?? 8, c))));
    const vectors = await model.embedImages(prepared);
    expect(vectors).toHaveLength(5);
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(Array.from(vector)).toEqual(expected(colours[i] ?? []).map((v) => expect.closeTo(v, 5)));
    });
    // Each vector is its own copy, not a view into a shared batch buffer.
    expect(vectors[0]?.buffer).not.toBe(vectors[2]?.buffer);
  });

  it('embeds more images of one size than fit in one batch', async () => {
    const colours = Array.from({ length: 37 }, (_, i): [number, number, number] => [i * 6, 255 - i * 6, 100]);
    const vectors = await model.embedImages(await Promise.all(colours.map((c) => model.prepareImage(flat(8, 8, c)))));
    expect(vectors.map((v) => Math.round(((v[0] ?? 0) * 0.5 + 0.5) * 255))).toEqual(colours.map((c) => c[0]));
  });

  it('returns nothing for no images and no texts', async () => {
    expect(await model.embedImages([])).toEqual([]);
    expect(await model.embedTexts([])).toEqual([]);
  });

  it('embeds texts with padding masked out', async () => {
    const [short, long, unknown] = await model.embedTexts(['red', 'a photo of a blue star', 'green']);
    expect(Array.from(short ?? [])).toEqual([id('red'), 1, 0]);
    expect(Array.from(long ?? [])).toEqual([id('a') * 2 + id('photo') + id('of') + id('blue') + id('star'), 6, 0]);
    expect(Array.from(unknown ?? [])).toEqual([id('[UNK]'), 1, 0]);
  });

  it('truncates long texts at model_max_length', async () => {
    const [vector] = await model.embedTexts(['red red red red red red red red red']);
    expect(Array.from(vector ?? [])).toEqual([6 * id('red'), 6, 0]);
  });
});

describe('ImageTextModel with other exports', () => {
  it('pads to max_length for a text tower that takes no attention mask', async () => {
    const dir = await writeTinyModelFolder(join(root, 'no-mask'), { textWithoutAttentionMask: true });
    const noMask = await ImageTextModel.load(dir);
    try {
      const [vector] = await noMask.embedTexts(['blue']);
      // Every one of the 6 positions is summed: 1 real token and 5 pads (id 0).
      expect(Array.from(vector ?? [])).toEqual([id('blue'), 6, 0]);
    } finally {
      await noMask.dispose();
    }
  });

  it('keys image vectors by vision graph and preprocessing only', async () => {
    const same = join(root, 'same-vision');
    await cp(join(root, 'tiny'), same, { recursive: true });
    // A different text tower and tokenizer settings: the image tower is unchanged.
    await writeTinyModelFolder(join(root, 'other-text'), { textWithoutAttentionMask: true });
    await cp(join(root, 'other-text', 'onnx', 'text_model.onnx'), join(same, 'onnx', 'text_model.onnx'));
    await writeFile(join(same, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 5, pad_token: '[PAD]', unk_token: '[UNK]' }));
    const swapped = await ImageTextModel.load(same);
    const resized = join(root, 'resized');
    await cp(join(root, 'tiny'), resized, { recursive: true });
    await writeFile(join(resized, 'preprocessor_config.json'), JSON.stringify({ ...TINY_PREPROCESSOR, size: { shortest_edge: 9 } }));
    const otherPreprocessing = await ImageTextModel.load(resized);
    try {
      expect(swapped.info.imageTowerId).toBe(model.info.imageTowerId);
      expect(swapped.info.textTowerId).not.toBe(model.info.textTowerId);
      expect(otherPreprocessing.info.imageTowerId).not.toBe(model.info.imageTowerId);
      expect(otherPreprocessing.info.textTowerId).toBe(model.info.textTowerId);
    } finally {
      await Promise.all([swapped.dispose(), otherPreprocessing.dispose()]);
    }
  });
});
