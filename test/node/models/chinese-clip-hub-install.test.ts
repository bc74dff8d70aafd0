/**
 * `lumen model add Xenova/chinese-clip-vit-base-patch16`: a repository whose only graphs are whole
 * CLIPModel ones (`onnx/model.onnx`, `_fp16`, `_quantized`) installs from the hub (the loopback
 * fake-hub.ts) with the graph of the precision asked for, and loads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { writeChineseClipStandIn } from '../../../tools/reference-models/write-chinese-clip-stand-in';
import { startFakeHub, type FakeHub } from './fake-hub';

const REPO = 'Xenova/chinese-clip-vit-base-patch16';

let root = '';
let hub: FakeHub;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-chinese-clip-hub-'));
  hub = await startFakeHub({ [REPO]: await writeChineseClipStandIn(join(root, 'repo')) });
}, 120_000);
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('a Chinese-CLIP repository from the hub', () => {
  it.each([
    [undefined, 'onnx/model.onnx'],
    ['quantized', 'onnx/model_quantized.onnx'],
  ])('installs the one graph of the precision asked for (%s) and loads', async (variant, graph) => {
    const registry = new ModelRegistry(join(root, `models-${variant ?? 'default'}`));
    const installed = await installModel(REPO, { registry, hubEndpoint: hub.url, ...(variant ? { variant } : {}) });
    expect(Object.keys(installed.files).filter((file) => file.startsWith('onnx/'))).toEqual([graph]);
    expect(installed.family).toBe('chinese_clip');
    const model = await ImageTextModel.load(registry.folderOf(installed.id), {
      intraOpNumThreads: 1,
      expectedSha256: installed.files,
      ...(variant ? { variant: 'quantized' as const } : {}),
    });
    try {
      expect(await model.embedTexts(['一只猫', '海边的日落'])).toHaveLength(2);
    } finally {
      await model.dispose();
    }
  });
});
