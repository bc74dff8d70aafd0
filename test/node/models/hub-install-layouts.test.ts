/**
 * Every real export layout installs from a hub (the loopback fake-hub.ts) and loads: the
 * stand-ins of write-export-stand-in.ts served where the real repositories are, at the
 * catalogue's pinned commits, installed from the catalogue (entries restated with the stand-ins'
 * hashes) or as `Org/name`. Each install test-loads the model in an embed worker before it is listed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JINA_CLIP_V1 } from '../../../src-main/node/models/catalog/entries/jina-clip';
import { MOBILECLIP_S0 } from '../../../src-main/node/models/catalog/entries/mobileclip';
import { CLIP_B32_MULTILINGUAL } from '../../../src-main/node/models/catalog/entries/multilingual-clip';
import { CLIP_VIT_B32 } from '../../../src-main/node/models/catalog/entries/openai-clip';
import { ModelCatalog } from '../../../src-main/node/models/catalog/model-catalog';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { externalizeWeights } from '../../../tools/reference-models/export-layouts';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { failureOf } from '../../support/failure-of';
import { startFakeHub, type FakeHub } from './fake-hub';
import { standInCatalogEntry } from './stand-in-catalog';

const MULTILINGUAL_TEXT = 'sentence-transformers/clip-ViT-B-32-multilingual-v1';
const EXTERNAL = 'lumen-test/clip-external-weights';
const JINA_V2 = 'jinaai/jina-clip-v2';

let root = '';
let hub: FakeHub;
let catalog: ModelCatalog;
let registry: ModelRegistry;
let run = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-hub-layouts-'));
  const mobileclip = await writeExportStandIn(join(root, 'mobileclip'), 'mobileclip');
  const jinaV1 = await writeExportStandIn(join(root, 'jina-clip-v1'), 'jina-clip-v1');
  const jinaV2 = await writeExportStandIn(join(root, 'jina-clip-v2'), 'jina-clip-v2');
  // The multilingual pair: the image repository without `text/`, the sentence-transformers repository as its own root.
  const pair = await writeExportStandIn(join(root, 'pair'), 'clip-multilingual');
  const imageRepo = join(root, 'clip-b32');
  await writeExportStandIn(imageRepo, 'clip-multilingual');
  await rm(join(imageRepo, 'text'), { recursive: true });
  // A tower over 2 GB ships its weights in `*.onnx_data`: the stand-in's vision tower rewritten so.
  const external = await writeExportStandIn(join(root, 'external'), 'xenova-clip');
  const split = externalizeWeights(await readFile(join(external, 'onnx/vision_model.onnx')), 'vision_model.onnx_data');
  await writeFile(join(external, 'onnx/vision_model.onnx'), split.model);
  await writeFile(join(external, 'onnx/vision_model.onnx_data'), split.data);
  hub = await startFakeHub({
    [MOBILECLIP_S0.repo]: { folder: mobileclip, commit: MOBILECLIP_S0.revision ?? '' },
    [JINA_CLIP_V1.repo]: { folder: jinaV1, commit: JINA_CLIP_V1.revision ?? '' },
    [JINA_V2]: jinaV2,
    [CLIP_VIT_B32.repo]: { folder: imageRepo, commit: CLIP_VIT_B32.revision ?? '' },
    [MULTILINGUAL_TEXT]: { folder: join(pair, 'text'), commit: CLIP_B32_MULTILINGUAL.otherRevisions?.[MULTILINGUAL_TEXT] ?? '' },
    [EXTERNAL]: external,
  });
  catalog = new ModelCatalog([
    await standInCatalogEntry(MOBILECLIP_S0, { [MOBILECLIP_S0.repo]: mobileclip }),
    await standInCatalogEntry(JINA_CLIP_V1, { [JINA_CLIP_V1.repo]: jinaV1 }),
    await standInCatalogEntry(CLIP_B32_MULTILINGUAL, { [CLIP_VIT_B32.repo]: imageRepo, [MULTILINGUAL_TEXT]: join(pair, 'text') }),
  ]);
}, 120_000);
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  run++;
  registry = new ModelRegistry(join(root, `models-${run}`));
});

const install = (source: string, variant?: string): ReturnType<typeof installModel> =>
  installModel(source, { registry, catalog, hubEndpoint: hub.url, ...(variant ? { variant } : {}) });

describe('every export layout installs from the hub and loads', () => {
  it('MobileCLIP from the catalogue: quantized asked, the vision tower stays fp32 (config.json pins it), the text tower is the _quantized one', async () => {
    const installed = await install('mobileclip-s0', 'quantized');
    expect(installed.dtypes).toEqual({ vision: 'fp32', text: 'q8' });
    expect(Object.keys(installed.files).filter((file) => file.startsWith('onnx/'))).toEqual(['onnx/vision_model.onnx', 'onnx/text_model_quantized.onnx']);
    expect(Object.values(installed.checks ?? {}).every((check) => check.startsWith('pinned-'))).toBe(true);
  });

  it('MobileCLIP as Org/name: transformers.js_config in the repository’s config.json pins the vision tower to fp32 whatever is asked', async () => {
    const installed = await install(MOBILECLIP_S0.repo, 'quantized');
    expect(installed.dtypes).toEqual({ vision: 'fp32', text: 'q8' });
    expect(Object.keys(installed.files).filter((file) => file.startsWith('onnx/'))).toEqual(['onnx/vision_model.onnx', 'onnx/text_model_quantized.onnx']);
    expect(existsSync(join(registry.folderOf(installed.id), 'onnx/vision_model_quantized.onnx'))).toBe(false);
  });

  it('jina-clip-v1 from the catalogue, with its own preprocessor config', async () => {
    const installed = await install('jina-clip-v1');
    expect(installed.family).toBe('jina_clip');
    expect(Object.keys(installed.files).sort()).toEqual(
      ['config.json', 'onnx/text_model.onnx', 'onnx/vision_model.onnx', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
  });

  it('jina-clip-v2 as Org/name: its one combined onnx/model.onnx and the external weights beside it', async () => {
    const installed = await install(JINA_V2);
    expect(installed.imageTowerId).toBeTruthy();
    expect(installed.checks).toMatchObject({ 'onnx/model.onnx': 'hub-sha256', 'onnx/model.onnx_data': 'hub-sha256' });
    expect(Object.keys(installed.files).some((file) => file.includes('vision_model') || file.includes('text_model'))).toBe(false);
  });

  it('jina-clip-v2 in another precision: the combined graph of that suffix', async () => {
    const installed = await install(JINA_V2, 'fp16');
    expect(Object.keys(installed.files).filter((file) => file.startsWith('onnx/'))).toEqual(['onnx/model_fp16.onnx']);
  });

  it('a tower with its weights in *.onnx_data: the data file is downloaded, checked against the hub’s SHA-256 and recorded', async () => {
    const installed = await install(EXTERNAL);
    expect(installed.checks?.['onnx/vision_model.onnx_data']).toBe('hub-sha256');
    expect(installed.files['onnx/vision_model.onnx_data']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a damaged *.onnx_data download is refused and nothing is installed', async () => {
    hub.corrupt('onnx/vision_model.onnx_data', 'flip');
    try {
      const failure = await failureOf(install(EXTERNAL));
      expect(failure.message).toMatch(/^onnx\/vision_model\.onnx_data /);
      expect(await registry.list()).toEqual([]);
    } finally {
      hub.corrupt('onnx/vision_model.onnx_data', 'none');
    }
  });

  it('clip-b32-multilingual: CLIP B/32’s image tower and the sentence-transformers text tower in text/, from two repositories', async () => {
    const installed = await install('clip-b32-multilingual');
    expect(installed.dtypes).toEqual({ vision: 'q8', text: 'quint8-avx2' });
    const folder = registry.folderOf(installed.id);
    for (const file of ['onnx/vision_model_quantized.onnx', 'text/modules.json', 'text/onnx/model_quint8_avx2.onnx', 'text/2_Dense/model.safetensors'])
      expect(existsSync(join(folder, file))).toBe(true);
    expect(installed.embedDim).toBeGreaterThan(0);
  });
});
