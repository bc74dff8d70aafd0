/**
 * `--device auto` (and Automatic in Settings) loads the model only on GPU providers the start-up
 * check saw start: a provider this onnxruntime build has but this computer cannot run is never loaded,
 * and the note says why. CI has no GPU, so the check's answer is injected; the loads are real.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnBestDevice, type ModelLoader } from '../../../src-main/node/model/device-selection';
import { deviceCandidates } from '../../../src-main/node/model/execution-device';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import type { ProbeAnswer } from '../../../src-main/node/model/provider-probe';
import { writeTinyModelFolder } from './fixtures/tiny-model-folder';

let root: string;
let folder: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-auto-device-'));
  folder = await writeTinyModelFolder(join(root, 'tiny'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** Loads on the CPU whatever provider is asked for, recording what was asked (the stand-in for a GPU that works). */
function recordingLoader(asked: string[]): ModelLoader {
  return async (path, options) => {
    const provider = options.executionProviders?.[0] ?? 'cpu';
    asked.push(provider);
    const model = await ImageTextModel.load(path, { ...options, executionProviders: ['cpu'] });
    model.info.executionProvider = provider;
    return model;
  };
}

describe.skipIf(deviceCandidates('auto').length === 0)('automatic device after the start-up check', () => {
  it('never loads a provider that could not start, and says why it uses the CPU', async () => {
    const gpus = deviceCandidates('auto');
    const nothingStarts: ProbeAnswer = { started: [], failed: Object.fromEntries(gpus.map((p) => [p, `${p}: no driver here`])) };
    const asked: string[] = [];
    const model = await loadOnBestDevice(folder, 'auto', {}, recordingLoader(asked), { probe: async () => nothingStarts, log: () => {} });
    try {
      expect(asked).toEqual(['cpu']);
      expect(model.info.executionProvider).toBe('cpu');
      expect(model.info.deviceNote).toBe(
        `--device auto: using the CPU (${gpus.map((p) => `${p} could not start on this computer (${p}: no driver here)`).join('; ')})`,
      );
    } finally {
      await model.dispose();
    }
  });

  it('loads the one that started', async () => {
    const [first, ...others] = deviceCandidates('auto');
    const oneStarts: ProbeAnswer = { started: [first ?? ''], failed: Object.fromEntries(others.map((p) => [p, 'no adapter'])) };
    const asked: string[] = [];
    const model = await loadOnBestDevice(folder, 'auto', {}, recordingLoader(asked), { probe: async () => oneStarts, log: () => {} });
    try {
      expect(asked).toEqual(['cpu', first]);
      expect(model.info.executionProvider).toBe(first);
    } finally {
      await model.dispose();
    }
  });
});
