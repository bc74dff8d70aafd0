/**
 * GPU providers are offered only where they can start: a child process opens a one-node model on
 * each provider this onnxruntime build has, once per process, and Settings offers only those that
 * started, with one sentence for each other one. CI has no GPU, so the offering is checked with an
 * injected probe answer; the real child runs too, and must account for every provider of the build.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offeredDeviceChoices, unavailableDevices } from '../../../src-main/node/api/settings-handlers';
import { compiledProviders } from '../../../src-main/node/model/execution-device';
import { ALL_PROVIDERS, cachedProbe, probeInChild, type ProbeAnswer } from '../../../src-main/node/model/provider-probe';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-provider-probe-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('devices offered after the start-up probe', () => {
  const noCuda: ProbeAnswer = { started: ['webgpu'], failed: { cuda: 'libcublasLt.so.12: cannot open shared object file' } };

  it('offers only the GPU providers that started, and says one sentence for each other one', () => {
    const offered = offeredDeviceChoices(['cpu', 'cuda', 'webgpu'], new Set(), 'cpu', noCuda);
    expect(offered).toEqual(['auto', 'cpu', 'webgpu']);
    expect(unavailableDevices(['cpu', 'cuda', 'webgpu'], offered, noCuda)).toEqual([
      {
        device: 'cuda',
        sentence: 'CUDA cannot start on this computer (it needs an NVIDIA graphics card with its driver and the CUDA libraries), so it is not offered.',
        detail: 'libcublasLt.so.12: cannot open shared object file',
      },
    ]);
  });

  it('keeps the saved choice offered, so the page can show it', () => {
    expect(offeredDeviceChoices(['cpu', 'cuda', 'webgpu'], new Set(), 'cuda', noCuda)).toEqual(['auto', 'cpu', 'webgpu', 'cuda']);
  });

  it('offers no GPU provider when the check itself failed', () => {
    const broken: ProbeAnswer = { started: [], failed: { [ALL_PROVIDERS]: 'the provider check stopped (SIGSEGV)' } };
    const offered = offeredDeviceChoices(['cpu', 'cuda', 'webgpu'], new Set(), 'cpu', broken);
    expect(offered).toEqual(['auto', 'cpu']);
    expect(unavailableDevices(['cpu', 'cuda', 'webgpu'], offered, broken)?.map((u) => [u.device, u.detail])).toEqual([
      ['webgpu', 'the provider check stopped (SIGSEGV)'],
      ['cuda', 'the provider check stopped (SIGSEGV)'],
    ]);
  });
});

describe('the probe', () => {
  it('runs once per process however often it is asked', async () => {
    let runs = 0;
    const probe = cachedProbe(async () => {
      runs++;
      return { started: [], failed: {} };
    });
    await Promise.all([probe(), probe()]);
    await probe();
    expect(runs).toBe(1);
  });

  it('accounts in a child process for every GPU provider of this onnxruntime build', async () => {
    const answer = await probeInChild()();
    const gpus = compiledProviders().filter((name) => ['cuda', 'webgpu', 'dml', 'coreml'].includes(name));
    expect([...answer.started, ...Object.keys(answer.failed)].sort()).toEqual([...gpus].sort());
    for (const reason of Object.values(answer.failed)) expect(reason).not.toBe('');
    // Without an NVIDIA driver, CUDA cannot start (CI machines and this one have none).
    if (gpus.includes('cuda') && !existsSync('/dev/nvidiactl')) expect(answer.started).not.toContain('cuda');
  });

  it('counts every GPU provider as not starting when the child crashes', async () => {
    const script = join(dir, 'crashing-probe.mjs');
    await writeFile(script, 'process.exit(3);\n');
    const answer = await probeInChild(() => ({ script, execArgv: [] }))();
    expect(answer).toEqual({ started: [], failed: { [ALL_PROVIDERS]: 'the provider check stopped (exit code 3)' } });
  });
});
