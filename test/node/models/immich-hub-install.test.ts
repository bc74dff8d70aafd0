/**
 * `lumen model add immich-app/ViT-B-32__openai`: an Immich repository installs from the hub (the
 * loopback fake-hub.ts) in its own layout — config.json, visual/ and textual/ — checked against the
 * hub's listing, without the ARM NN files Immich ships beside the ONNX graphs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { externalizeWeights } from '../../../tools/reference-models/export-layouts';
import { writeImmichStandIn } from '../../../tools/reference-models/write-immich-stand-in';
import { IMMICH_FILES_LUMEN_READS, writeArmNnFiles } from '../../support/immich-layout-files';
import { startFakeHub, type FakeHub } from './fake-hub';

const REPO = 'immich-app/ViT-B-32__openai';
const BIG_REPO = 'immich-app/ViT-H-14-quickgelu__dfn5b';
/** Where immich-app/ViT-H-14-quickgelu__dfn5b keeps its image tower's 2.5 GB of weights (hub listing). */
const WEIGHTS_FILE = '523d3c00-47e7-11ef-bc68-00155d655292';

let root = '';
let hub: FakeHub;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-immich-hub-'));
  const folder = await writeImmichStandIn(join(root, 'repo'), 'immich-clip');
  await writeArmNnFiles(folder);
  await writeFile(join(folder, 'README.md'), '# ViT-B-32__openai\n');
  // A tower over 2 GB: the exporter's external data, in one file with a generated name beside model.onnx.
  const big = await writeImmichStandIn(join(root, 'big'), 'immich-clip');
  const split = externalizeWeights(await readFile(join(big, 'visual/model.onnx')), WEIGHTS_FILE);
  await writeFile(join(big, 'visual/model.onnx'), split.model);
  await writeFile(join(big, `visual/${WEIGHTS_FILE}`), split.data);
  await writeFile(join(big, 'visual/model.armnn'), 'an ARM NN graph');
  hub = await startFakeHub({ [REPO]: folder, [BIG_REPO]: big });
}, 120_000);
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('an Immich repository from the hub', () => {
  it('installs the files Lumen reads in its own layout, and loads', async () => {
    const registry = new ModelRegistry(join(root, 'models'));
    const notices: string[] = [];
    const installed = await installModel(REPO, { registry, hubEndpoint: hub.url, variant: 'quantized', onNotice: (notice) => notices.push(notice) });
    expect(Object.keys(installed.files).sort()).toEqual(IMMICH_FILES_LUMEN_READS);
    expect(installed.dtypes).toEqual({ vision: 'fp32', text: 'fp32' });
    expect(notices).toContain(`${REPO} is in Immich's layout, which has one precision: its fp32 towers are installed`);
    const model = await ImageTextModel.load(registry.folderOf(installed.id), { intraOpNumThreads: 1, expectedSha256: installed.files });
    try {
      expect(model.info.imageTowerId).toBe(installed.imageTowerId);
      expect(await model.embedTexts(['a dog', 'a cat'])).toHaveLength(2);
    } finally {
      await model.dispose();
    }
  });

  it('fetches the external weights a big tower keeps in a file of any name beside its graph', async () => {
    const registry = new ModelRegistry(join(root, 'models-big'));
    const installed = await installModel(BIG_REPO, { registry, hubEndpoint: hub.url });
    expect(
      Object.keys(installed.files)
        .filter((file) => file.startsWith('visual/'))
        .sort(),
    ).toEqual(['visual/model.onnx', 'visual/preprocess_cfg.json', `visual/${WEIGHTS_FILE}`].sort());
    const model = await ImageTextModel.load(registry.folderOf(installed.id), { intraOpNumThreads: 1, expectedSha256: installed.files });
    await model.dispose();
  });
});
