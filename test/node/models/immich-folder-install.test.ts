/**
 * `lumen model add <folder>` of a model in Immich's layout (a folder from Immich's model cache, or a
 * clone of immich-app/ViT-B-32__openai): the files Lumen reads are copied and recorded, the ARM NN
 * files beside them are not, and the installed model loads with the same towers as the source.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { writeImmichStandIn } from '../../../tools/reference-models/write-immich-stand-in';
import { IMMICH_FILES_LUMEN_READS, writeArmNnFiles } from '../../support/immich-layout-files';

let root = '';
let source = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-immich-install-'));
  source = await writeImmichStandIn(join(root, 'ViT-B-16-SigLIP__webli'), 'immich-siglip');
  // Immich ships ARM NN graphs beside the ONNX ones; Lumen reads none of them.
  await writeArmNnFiles(source);
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("installing a folder in Immich's layout", () => {
  it('copies and records the files Lumen reads, and the installed model is the same model', async () => {
    const registry = new ModelRegistry(join(root, 'models'));
    const installed = await installModel(source, { registry, id: 'siglip-immich' });
    expect(Object.keys(installed.files).sort()).toEqual(IMMICH_FILES_LUMEN_READS);
    expect(await readdir(join(registry.folderOf('siglip-immich'), 'visual'))).not.toContain('model.armnn');
    expect(installed.family).toBe('siglip');
    // config.json names no model: the name is the folder's, as Immich names its models.
    expect(installed.name).toBe('ViT-B-16-SigLIP__webli');
    const model = await ImageTextModel.load(registry.folderOf('siglip-immich'), { intraOpNumThreads: 1, expectedSha256: installed.files });
    try {
      expect(model.info.imageTowerId).toBe(installed.imageTowerId);
      expect(model.info.textTowerId).toBe(installed.textTowerId);
    } finally {
      await model.dispose();
    }
  });
});
