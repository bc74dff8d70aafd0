/**
 * The repository people name first is often the original one — openai/clip-vit-base-patch32,
 * google/siglip-base-patch16-224 — which holds PyTorch weights (model.safetensors,
 * pytorch_model.bin) and no ONNX graph. From the hub or cloned into a folder, it is refused with a
 * sentence saying so and where ONNX exports are found, not only with the first graph it lacks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { failureOf } from '../../support/failure-of';
import { startFakeHub, type FakeHub } from './fake-hub';

const REPO = 'openai/clip-vit-base-patch32';

let root = '';
let original = '';
let hub: FakeHub;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-pytorch-only-'));
  // The original repository's files: the same JSON files as its transformers.js export, PyTorch weights instead of onnx/.
  original = await writeExportStandIn(join(root, 'clip-vit-base-patch32'), 'xenova-clip');
  await rm(join(original, 'onnx'), { recursive: true });
  await writeFile(join(original, 'model.safetensors'), 'PyTorch weights');
  await writeFile(join(original, 'pytorch_model.bin'), 'PyTorch weights');
  hub = await startFakeHub({ [REPO]: original });
}, 120_000);
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

const SENTENCE =
  "has no ONNX graphs, only the original checkpoint's weights (model.safetensors, pytorch_model.bin), which Lumen cannot run; install an ONNX export of the model instead (the Xenova/ and onnx-community/ repositories on the hub hold them, such as Xenova/clip-vit-base-patch32)";

describe('a repository with PyTorch weights only', () => {
  it('is refused from the hub before anything is downloaded, saying why', async () => {
    const registry = new ModelRegistry(join(root, 'models'));
    const failure = await failureOf(installModel(REPO, { registry, hubEndpoint: hub.url }));
    expect(failure.code).toBe('download-failed');
    expect(failure.message).toBe(`${REPO} at ${hub.commitOf(REPO).slice(0, 12)} ${SENTENCE}`);
  });

  it('is refused as a folder, saying why', async () => {
    const failure = await failureOf(ImageTextModel.load(original));
    expect(failure.code).toBe('missing-model');
    expect(failure.message).toBe(`the model folder ${original} ${SENTENCE}`);
  });
});
