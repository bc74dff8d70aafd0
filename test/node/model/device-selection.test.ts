/**
 * --device on a machine without a usable GPU (this one): every accelerated provider must fall
 * back to the CPU with its reason, and a provider that starts but computes different vectors must
 * be refused by the probe. The stand-in for such a provider is a real ONNX session of a model
 * with other weights, labelled as the GPU one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnBestDevice, lowestProbeCosine, type ModelLoader } from '../../../src-main/node/model/device-selection';
import { compiledProviders, deviceCandidates } from '../../../src-main/node/model/execution-device';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import type { LibraryStatus } from '../../../src-common/contract';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { lumen, lumenJson } from '../../support/cli-runner';

let root = '';
let folder = '';
let otherWeights = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-device-'));
  folder = await writeReferenceModel(join(root, 'clip'), { family: 'clip' });
  otherWeights = await writeReferenceModel(join(root, 'clip-other'), { family: 'clip', visionSeed: 9, textSeed: 9 });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Loads on the CPU; for `provider`, loads `folderFor(provider)` and reports it as running there. */
function stubbornLoader(folderFor: (provider: string) => string): ModelLoader {
  return async (modelFolder, options) => {
    const provider = options.executionProviders?.[0] ?? 'cpu';
    const model = await ImageTextModel.load(provider === 'cpu' ? modelFolder : folderFor(provider), { ...options, executionProviders: ['cpu'] });
    model.info.executionProvider = provider;
    return model;
  };
}

describe('deviceCandidates', () => {
  it('tries what each platform offers and this build has, best first', () => {
    expect(deviceCandidates('auto', 'linux', ['cpu', 'webgpu', 'cuda'])).toEqual(['cuda', 'webgpu']);
    expect(deviceCandidates('auto', 'win32', ['cpu', 'dml', 'webgpu'])).toEqual(['dml', 'webgpu']);
    expect(deviceCandidates('auto', 'darwin', ['cpu', 'coreml', 'webgpu'])).toEqual(['coreml', 'webgpu']);
    expect(deviceCandidates('auto', 'linux', ['cpu'])).toEqual([]);
    expect(deviceCandidates('cpu', 'linux', ['cpu', 'cuda'])).toEqual([]);
    // An explicit choice is tried even where the build lacks it, so the failure is explained.
    expect(deviceCandidates('coreml', 'linux', ['cpu'])).toEqual(['coreml']);
    expect(compiledProviders()).toContain('cpu');
  });
});

describe('--device without a usable GPU', () => {
  it.each(['cuda', 'webgpu', 'auto'] as const)('%s falls back to the CPU, saying why, with the CPU’s vectors', async (device) => {
    const cpu = await ImageTextModel.load(folder, { device: 'cpu' });
    const chosen = await ImageTextModel.load(folder, { device });
    try {
      if (chosen.info.executionProvider === 'cpu') {
        expect(chosen.info.deviceNote).toMatch(new RegExp(`^--device ${device}: using the CPU \\(.+\\)$`));
        if (device !== 'auto') expect(chosen.info.deviceNote).toContain(`${device} could not start`);
      }
      // Whatever was chosen, it agrees with the CPU.
      expect(await lowestProbeCosine(cpu, chosen)).toBeGreaterThanOrEqual(0.999);
      expect(cpu.info.deviceNote).toBeNull();
    } finally {
      await Promise.all([cpu.dispose(), chosen.dispose()]);
    }
  });

  it('refuses a provider that starts but gives other vectors, and logs why', async () => {
    const logged: string[] = [];
    const model = await loadOnBestDevice(
      folder,
      'cuda',
      {},
      stubbornLoader(() => otherWeights),
      { candidates: ['cuda'], log: (m) => logged.push(m) },
    );
    const reference = await ImageTextModel.load(folder, { device: 'cpu' });
    try {
      expect(model.info.executionProvider).toBe('cpu');
      expect(model.info.deviceNote).toMatch(
        /--device cuda: using the CPU \(cuda gave vectors that differ from the CPU's \(lowest probe cosine -?\d\.\d+ < 0\.999\)\)/,
      );
      expect(logged).toEqual([model.info.deviceNote]);
      expect(await lowestProbeCosine(reference, model)).toBe(1);
    } finally {
      await Promise.all([model.dispose(), reference.dispose()]);
    }
  });

  it('trusts a provider whose vectors match the CPU’s', async () => {
    const logged: string[] = [];
    const model = await loadOnBestDevice(
      folder,
      'auto',
      {},
      stubbornLoader(() => folder),
      { candidates: ['webgpu'], log: (m) => logged.push(m) },
    );
    try {
      expect(model.info.executionProvider).toBe('webgpu');
      expect(logged).toEqual([]);
    } finally {
      await model.dispose();
    }
  });
});

describe('lumen --device', () => {
  it('shows the provider in use and why the one asked for is not', async () => {
    const library = join(root, 'library');
    const status = await lumenJson<LibraryStatus>('status', '--device', 'cuda', '--model', folder, '--library', library);
    expect(status.model?.executionProvider).toBe('cpu');
    expect(status.model?.deviceNote).toMatch(/^--device cuda: using the CPU \(cuda could not start: .+\)$/);
    const text = await lumen('status', '--device', 'cuda', '--model', folder, '--library', library);
    expect(text.stdout).toMatch(/^Model: {4}reference-clip \(24-d, cpu\)$/m);
    expect(text.stdout).toMatch(/^Device: {3}--device cuda: using the CPU/m);
    const plain = await lumenJson<LibraryStatus>('status', '--model', folder, '--library', library);
    expect(plain.model?.deviceNote).toBeUndefined();
    expect((await lumen('status', '--device', 'tpu', '--library', library)).code).toBe(2);
  });
});
