/**
 * Installing a model loads it once as a check. That load runs in an embed worker of its own, never
 * in the installing process (the CLI's, or the server's for the window's addModel): a model whose
 * graph blows up at run time ends its worker at the worker's memory limit, the install is refused
 * with a sentence, and the installing process's own peak memory does not move.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { failureOf } from '../../support/failure-of';
import { runtimeBlowUpVision } from '../model/fixtures/hostile-towers';
import { writeTinyModelFolder } from '../model/fixtures/tiny-model-folder';

const MB = 1024 * 1024;
let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-install-memory-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

it('a model that takes 1.6 GB when it runs is refused, and only its worker paid for it', async () => {
  const source = await writeTinyModelFolder(join(base, 'hungry'));
  // 8-pixel images × 2500: a 20000 × 20000 float tensor (1.6 GB) on the load's probe image.
  await writeFile(join(source, 'onnx/vision_model.onnx'), runtimeBlowUpVision(2500));
  const registry = new ModelRegistry(join(base, 'models'));
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const failure = await failureOf(installModel(source, { registry, memoryLimitBytes: 600 * MB }));
  expect(failure.code).toBe('bad-model');
  expect(failure.message).toMatch(
    new RegExp(
      `^the model from ${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not load, so it was not installed: the model in .* used [\\d.]+ (MB|GB) of memory while loading, more than the 600 MB a model may use`,
    ),
  );
  expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(peakBefore + 200 * MB);
  expect(await registry.list()).toEqual([]);
  expect(await readdir(registry.dir)).not.toContain('hungry');
});

it('a good model still installs through its worker, with both tower identities', async () => {
  const source = await writeTinyModelFolder(join(base, 'tiny'));
  const registry = new ModelRegistry(join(base, 'models'));
  const installed = await installModel(source, { registry });
  expect(installed).toMatchObject({ id: 'tiny', name: 'tiny-test-model', embedDim: 3 });
  expect(installed.imageTowerId).toMatch(/^[0-9a-f]{64}$/);
  expect(installed.textTowerId).toMatch(/^[0-9a-f]{64}$/);
});
