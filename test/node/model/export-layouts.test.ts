/**
 * Every layout real transformers.js, jina-clip and sentence-transformers exports use loads, on
 * stand-ins with the repositories' file names, config keys and graph signatures: every dtype
 * suffix, per-tower precision pinned by transformers.js_config, external data files (in the tower
 * identity, bounded), a combined graph, a sentence-transformers text tower, fixed-length text
 * graphs, SigLIP's padding length and the refusals that name what is wrong.
 */
import { mkdtemp, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { modelFolderFiles, readModelFolder } from '../../../src-main/node/model/model-folder';
import { MODEL_VARIANTS } from '../../../src-main/node/model/model-variant';
import { attr } from '../../../tools/onnx-builder/attributes';
import { GraphBuilder } from '../../../tools/onnx-builder/graph-builder';
import { tinyArchitecture } from '../../../tools/reference-models/architecture';
import { clipTokenizer } from '../../../tools/reference-models/clip-tokenizer';
import { clipTextModel, clipVisionModel } from '../../../tools/reference-models/clip-towers';
import { writeExportStandIn, type ExportLayout } from '../../../tools/reference-models/write-export-stand-in';
import { failureOf } from '../../support/failure-of';
import { cosine } from './reference/vector-agreement';
import { writeTinyModelFolder } from './fixtures/tiny-model-folder';

let root = '';
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-export-layouts-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const standIn = (layout: ExportLayout, options: { visionSeed?: number; textSeed?: number } = {}): Promise<string> =>
  writeExportStandIn(join(root, `${layout}-${++count}`), layout, options);

async function withModel<T>(folder: string, options: Parameters<typeof ImageTextModel.load>[1], use: (model: ImageTextModel) => Promise<T>): Promise<T> {
  const model = await ImageTextModel.load(folder, { intraOpNumThreads: 1, ...options });
  try {
    return await use(model);
  } finally {
    await model.dispose();
  }
}

describe('dtype suffixes and per-tower precision', () => {
  it('loads every transformers.js dtype suffix, asked for or found alone', async () => {
    const folder = await standIn('jina-clip-v1');
    for (const variant of MODEL_VARIANTS.filter((v) => v !== 'q4f16')) {
      const info = await withModel(folder, { variant }, async (model) => model.info);
      expect(info.variant).toBe(variant);
    }
    // Only the _q4 files present: found without asking.
    const q4Only = await standIn('jina-clip-v1');
    for (const variant of MODEL_VARIANTS.filter((v) => v !== 'q4' && v !== 'q4f16')) {
      await unlink(join(q4Only, `onnx/vision_model${variant === 'fp32' ? '' : `_${variant}`}.onnx`));
      await unlink(join(q4Only, `onnx/text_model${variant === 'fp32' ? '' : `_${variant}`}.onnx`));
    }
    const files = await readModelFolder(q4Only);
    expect([files.visionModelFile, files.textModelFile]).toEqual(['onnx/vision_model_q4.onnx', 'onnx/text_model_q4.onnx']);
    await withModel(q4Only, {}, async (model) => expect(model.info.variant).toBe('q4'));
  });

  it("keeps the vision tower that transformers.js_config pins (MobileCLIP's fp32) when another precision is asked for", async () => {
    const folder = await standIn('mobileclip');
    const fp32 = await withModel(folder, {}, async (model) => model.info);
    const quantized = await readModelFolder(folder, 'quantized');
    expect([quantized.visionModelFile, quantized.textModelFile]).toEqual(['onnx/vision_model.onnx', 'onnx/text_model_quantized.onnx']);
    const asked = await withModel(folder, { variant: 'quantized' }, async (model) => model.info);
    // The broken quantized vision tower is never used: same image tower, other text tower.
    expect(asked.imageTowerId).toBe(fp32.imageTowerId);
    expect(asked.textTowerId).not.toBe(fp32.textTowerId);
  });

  it('refuses a pinned dtype it does not know, naming config.json', async () => {
    const folder = await standIn('mobileclip');
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(folder, 'config.json'), JSON.stringify({ ...config, 'transformers.js_config': { dtype: { vision_model: 'int3' } } }));
    const failure = await failureOf(readModelFolder(folder));
    expect(failure.message).toMatch(/^model file config\.json: transformers\.js_config\.dtype asks for "int3" for vision_model/);
  });
});

describe('fixed-length text graphs', () => {
  it('pads every MobileCLIP text to the 77 tokens its graph is fixed at, whatever the tokenizer files say', async () => {
    const folder = await standIn('mobileclip');
    // The length comes from the graph's input shape, not from model_max_length.
    const tokenizerConfig = JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    delete tokenizerConfig.model_max_length;
    await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig));
    await withModel(folder, {}, async (model) => {
      // A batch of a short and a long text: a graph fixed at 77 rejects anything else.
      const [short, long] = await model.embedTexts(['a cat', 'a photo of a cat sitting on the floor next to a cup of coffee']);
      const [alone] = await model.embedTexts(['a cat']);
      expect(cosine(short as Float32Array, alone as Float32Array)).toBeGreaterThan(0.999999);
      expect(long).toHaveLength(24);
    });
  });
});

describe('graphs exported with a fixed batch size', () => {
  it('are fed one row at a time', async () => {
    const folder = await standIn('mobileclip');
    const arch = tinyArchitecture('clip');
    const vocab = clipTokenizer().vocabSize;
    await writeFile(join(folder, 'onnx/vision_model.onnx'), clipVisionModel(arch, 1, 'fp32', { fixedBatch: 1 }));
    await writeFile(join(folder, 'onnx/text_model.onnx'), clipTextModel(arch, vocab, 2, 'fp32', { attentionMask: false, fixedLength: 77, fixedBatch: 1 }));
    await withModel(folder, {}, async (model) => {
      expect(await model.embedTexts(['a cat', 'a dog', 'a rocket'])).toHaveLength(3);
      const image = { data: new Uint8Array(40 * 30 * 3).fill(90), width: 40, height: 30 };
      const prepared = await model.prepareImage(image);
      expect(await model.embedImages([prepared, prepared, prepared])).toHaveLength(3);
    });
  });
});

describe('external data and combined graphs (jina-clip-v2)', () => {
  it('loads both towers from one graph whose weights are in model.onnx_data, and lists the data file', async () => {
    const folder = await standIn('jina-clip-v2');
    const files = await readModelFolder(folder);
    expect(files.combined).toBe(true);
    expect(files.visionDataFiles).toEqual(['onnx/model.onnx_data']);
    expect(modelFolderFiles(files)).toContain('onnx/model.onnx_data');
    await withModel(folder, {}, async (model) => {
      expect(model.info.embedDim).toBe(24);
      const [a, b] = await model.embedTexts(['a cat', 'a rocket']);
      expect(cosine(a as Float32Array, b as Float32Array)).toBeLessThan(0.999);
    });
  });

  it('makes new tower identities when only the external weights change', async () => {
    const folder = await standIn('jina-clip-v2');
    const before = await withModel(folder, {}, async (model) => model.info);
    const data = await readFile(join(folder, 'onnx/model.onnx_data'));
    data.writeFloatLE(data.readFloatLE(0) + 0.5, 0);
    await writeFile(join(folder, 'onnx/model.onnx_data'), data);
    const after = await withModel(folder, {}, async (model) => model.info);
    expect(after.imageTowerId).not.toBe(before.imageTowerId);
    expect(after.textTowerId).not.toBe(before.textTowerId);
  });

  it('names a missing data file, and refuses data beyond the size Lumen loads', async () => {
    const missing = await standIn('jina-clip-v2');
    await unlink(join(missing, 'onnx/model.onnx_data'));
    const failure = await failureOf(ImageTextModel.load(missing));
    expect(failure.code).toBe('missing-model');
    expect(failure.message).toMatch(/^model file missing: onnx\/model\.onnx_data, where onnx\/model\.onnx keeps its weights/);

    const huge = await standIn('jina-clip-v2');
    // A sparse file: 9 GB long, no disk used.
    const handle = await open(join(huge, 'onnx/model.onnx_data'), 'r+');
    await handle.truncate(9 * 1024 ** 3);
    await handle.close();
    const tooBig = await failureOf(ImageTextModel.load(huge));
    expect(tooBig.code).toBe('bad-model');
    expect(tooBig.message).toMatch(/^model file onnx\/model\.onnx and its weight files take 9\.0 GB, more than the 8 GB Lumen loads for one tower/);
  });
});

describe('a Git LFS pointer instead of the file', () => {
  const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 351691463\n';

  it('is named as such, for a tower file and for a JSON file', async () => {
    const tower = await standIn('xenova-clip');
    await writeFile(join(tower, 'onnx/vision_model.onnx'), pointer);
    const failure = await failureOf(ImageTextModel.load(tower));
    expect(failure.message).toMatch(
      /^model file onnx\/vision_model\.onnx is a Git LFS pointer, not the file itself: the repository was cloned without git-lfs/,
    );
    const json = await standIn('xenova-clip');
    await writeFile(join(json, 'tokenizer.json'), pointer);
    expect((await failureOf(ImageTextModel.load(json))).message).toMatch(/^model file tokenizer\.json is a Git LFS pointer/);
  });
});

describe('which output a family is read from', () => {
  it("refuses CLIP's pooler_output, the state before the projection", async () => {
    const folder = await writeTinyModelFolder(join(root, `pooler-${++count}`));
    await writeFile(join(folder, 'config.json'), JSON.stringify({ model_type: 'clip' }));
    const b = new GraphBuilder('pooler_only');
    const pixels = b.input('pixel_values', 'float32', ['batch', 3, 'height', 'width']);
    b.output('pooler_output', 'float32', ['batch', 3], b.op('ReduceMean', [pixels], { axes: attr.ints([2, 3]), keepdims: attr.int(0) }));
    await writeFile(join(folder, 'onnx/vision_model.onnx'), b.toModelBytes({ opsetVersion: 17, producerName: 'lumen-test' }));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toBe(
      'model file onnx/vision_model.onnx has no output named image_embeds (it has pooler_output); its pooler_output is the CLIP state before the projection into the shared space, so Lumen does not use it',
    );
  });
});

describe('SigLIP padding length', () => {
  it('comes from text_config.max_position_embeddings when tokenizer_config.json has no model_max_length', async () => {
    const folder = await standIn('xenova-siglip');
    const texts = ['a cat', 'a photo of an astronaut in space'];
    const withLength = await withModel(folder, {}, (model) => model.embedTexts(texts));
    const config = JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    delete config.model_max_length;
    await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify(config));
    const withoutLength = await withModel(folder, {}, (model) => model.embedTexts(texts));
    withoutLength.forEach((vector, i) => expect(cosine(vector, withLength[i] as Float32Array)).toBeGreaterThan(0.999999));
  });

  it('is refused when nothing says it', async () => {
    const folder = await standIn('xenova-siglip');
    const tokenizerConfig = JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    delete tokenizerConfig.model_max_length;
    await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig));
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as { text_config: Record<string, unknown> };
    delete config.text_config.max_position_embeddings;
    await writeFile(join(folder, 'config.json'), JSON.stringify(config));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(/takes no attention mask, and neither tokenizer_config\.json \(model_max_length\) nor config\.json/);
  });
});

describe('scores when config.json carries no logit scale or bias (as real Xenova exports)', () => {
  it('uses the family defaults', async () => {
    const clip = await withModel(await standIn('xenova-clip'), {}, async (model) => model.info.scoreRule);
    expect(clip).toMatchObject({ kind: 'softmax', source: 'family-default' });
    expect(clip.scale).toBeCloseTo(100, 6);
    const siglip = await withModel(await standIn('xenova-siglip'), {}, async (model) => model.info.scoreRule);
    expect(siglip).toMatchObject({ kind: 'sigmoid', source: 'family-default' });
    expect(siglip.bias).toBeLessThan(0);
  });
});

describe('a sentence-transformers text tower beside a CLIP image tower', () => {
  it('shares the image tower of the CLIP export it was distilled against, and gives vectors of its size', async () => {
    const clip = await withModel(await standIn('xenova-clip', { visionSeed: 7 }), {}, async (model) => model.info);
    const multilingual = await standIn('clip-multilingual', { visionSeed: 7 });
    const files = await readModelFolder(multilingual);
    expect(files.textModelFile).toBe('text/onnx/model.onnx');
    expect(files.tokenizerFile).toBe('text/tokenizer.json');
    expect(modelFolderFiles(files)).toEqual(
      expect.arrayContaining(['text/modules.json', 'text/1_Pooling/config.json', 'text/2_Dense/config.json', 'text/2_Dense/model.safetensors']),
    );
    const info = await withModel(multilingual, {}, async (model) => {
      const [german, spanish] = await model.embedTexts(['eine Katze auf dem Boden', 'un gato sentado en el suelo']);
      expect(german).toHaveLength(24);
      expect(cosine(german as Float32Array, spanish as Float32Array)).toBeLessThan(0.999);
      return model.info;
    });
    expect(info.imageTowerId).toBe(clip.imageTowerId);
    expect(info.textTowerId).not.toBe(clip.textTowerId);
  });

  it('runs the quantized graph sentence-transformers ships (model_quint8_avx2.onnx) when asked for or alone', async () => {
    const folder = await standIn('clip-multilingual');
    expect((await readModelFolder(folder, 'quantized')).textModelFile).toBe('text/onnx/model_quint8_avx2.onnx');
    await unlink(join(folder, 'text/onnx/model.onnx'));
    expect((await readModelFolder(folder)).textModelFile).toBe('text/onnx/model_quint8_avx2.onnx');
    await withModel(folder, {}, async (model) => {
      const [vector] = await model.embedTexts(['un gato sentado en el suelo']);
      expect(vector).toHaveLength(24);
    });
  });

  it('puts the Dense weights in the text tower identity, and names missing safetensors', async () => {
    const folder = await standIn('clip-multilingual');
    const before = await withModel(folder, {}, async (model) => model.info.textTowerId);
    const weights = await readFile(join(folder, 'text/2_Dense/model.safetensors'));
    weights.writeFloatLE(weights.readFloatLE(weights.length - 4) + 1, weights.length - 4);
    await writeFile(join(folder, 'text/2_Dense/model.safetensors'), weights);
    expect(await withModel(folder, {}, async (model) => model.info.textTowerId)).not.toBe(before);
    await unlink(join(folder, 'text/2_Dense/model.safetensors'));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(
      /^model file missing: text\/2_Dense\/model\.safetensors \(Lumen reads Dense weights from safetensors, not from pytorch_model\.bin/,
    );
  });
});
