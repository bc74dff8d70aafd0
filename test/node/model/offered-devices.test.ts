/** Settings offers a GPU provider only where it can start: one that failed here is no longer offered. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offeredDeviceChoices } from '../../../src-main/node/api/settings-handlers';
import { loadOnBestDevice, providersThatFailedHere, type ModelLoader } from '../../../src-main/node/model/device-selection';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { writeTinyModelFolder } from './fixtures/tiny-model-folder';

let root: string;
let folder: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-offered-devices-'));
  folder = await writeTinyModelFolder(join(root, 'tiny'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('devices Settings offers', () => {
  it('drops a provider that could not start in this process, keeping the one chosen', async () => {
    expect(offeredDeviceChoices(['cpu', 'cuda', 'webgpu'], new Set(), 'cpu')).toEqual(['auto', 'cpu', 'webgpu', 'cuda']);
    // A CUDA build on a machine without the CUDA libraries: the session cannot be made.
    const noCudaLibraries: ModelLoader = (path, options) =>
      options.executionProviders?.[0] === 'cpu'
        ? ImageTextModel.load(path, options)
        : Promise.reject(new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: libcublasLt.so.12: cannot open shared object file'));
    const model = await loadOnBestDevice(folder, 'cuda', { intraOpNumThreads: 1 }, noCudaLibraries, { candidates: ['cuda'], log: () => {} });
    try {
      expect(model.info.executionProvider).toBe('cpu');
      expect(providersThatFailedHere().has('cuda')).toBe(true);
      expect(offeredDeviceChoices(['cpu', 'cuda', 'webgpu'], providersThatFailedHere(), 'cpu')).toEqual(['auto', 'cpu', 'webgpu']);
      expect(offeredDeviceChoices(['cpu', 'cuda', 'webgpu'], providersThatFailedHere(), 'cuda')).toEqual(['auto', 'cpu', 'webgpu', 'cuda']);
    } finally {
      await model.dispose();
    }
  });
});
