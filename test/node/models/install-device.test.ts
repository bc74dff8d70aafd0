/**
 * `lumen model add <catalogue id> --device cuda|cpu` installs the entry's GPU or CPU precisions;
 * asked for CUDA where it cannot run, it says so in one sentence and installs the CPU's. The
 * stand-in of Xenova/clip-vit-base-patch32 is served from the loopback hub at the entry's commit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelCommand } from '../../../src-main/node/cli/commands/model-command';
import type { DeviceChoice } from '../../../src-main/node/model/execution-device';
import { cudaUnavailableReason } from '../../../src-main/node/model/cuda-availability';
import { CLIP_VIT_B32 } from '../../../src-main/node/models/catalog/entries/openai-clip';
import { ModelCatalog } from '../../../src-main/node/models/catalog/model-catalog';
import { installTarget } from '../../../src-main/node/models/install-target';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { startFakeHub, type FakeHub } from './fake-hub';
import { standInCatalogEntry } from './stand-in-catalog';

let root = '';
let hub: FakeHub;
let catalog: ModelCatalog;
let run = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-install-device-'));
  const clip = await writeExportStandIn(join(root, 'clip'), 'xenova-clip');
  hub = await startFakeHub({ [CLIP_VIT_B32.repo]: { folder: clip, commit: CLIP_VIT_B32.revision ?? '' } });
  catalog = new ModelCatalog([await standInCatalogEntry(CLIP_VIT_B32, { [CLIP_VIT_B32.repo]: clip })]);
}, 120_000);
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

interface Added {
  installed: { id: string; dtypes: { vision: string; text: string } };
  notices: string[];
}

async function add(device: DeviceChoice | undefined, cudaProblem: () => string | null): Promise<{ added: Added; stderr: string }> {
  run++;
  let out = '';
  let stderr = '';
  const io = { out: (text: string) => (out += text), err: (text: string) => (stderr += text), interactive: false };
  const code = await runModelCommand(
    join(root, `library-${run}`),
    join(root, `models-${run}`),
    ['add', CLIP_VIT_B32.id],
    { id: undefined, variant: undefined, device },
    true,
    io,
    hub.url,
    catalog,
    cudaProblem,
  );
  expect(code).toBe(0);
  return { added: JSON.parse(out) as Added, stderr };
}

describe('lumen model add --device', () => {
  it('--device cuda where CUDA runs: the catalogue’s GPU precisions', async () => {
    const { added } = await add('cuda', () => null);
    expect(added.installed.dtypes).toEqual(CLIP_VIT_B32.recommended.gpu);
    expect(added.notices).toEqual([]);
  });

  it('--device cpu: the catalogue’s CPU precisions, whatever the GPU', async () => {
    const { added } = await add('cpu', () => null);
    expect(added.installed.dtypes).toEqual(CLIP_VIT_B32.recommended.cpu);
  });

  it('--device cuda where CUDA cannot run: one sentence why, and the CPU precisions', async () => {
    const { added } = await add('cuda', () => 'no GPU in this test');
    expect(added.installed.dtypes).toEqual(CLIP_VIT_B32.recommended.cpu);
    expect(added.notices).toEqual(["CUDA is not available here (no GPU in this test), so the model's CPU precisions are installed and it runs on the CPU"]);
  });

  it('on this machine, asked for CUDA, it installs what this machine’s CUDA allows', async () => {
    const reason = cudaUnavailableReason();
    const { added } = await add('cuda', cudaUnavailableReason);
    expect(added.installed.dtypes).toEqual(reason === null ? CLIP_VIT_B32.recommended.gpu : CLIP_VIT_B32.recommended.cpu);
    if (reason !== null) expect(added.notices[0]).toContain(reason);
  });
});

describe('installTarget', () => {
  it.each<[DeviceChoice | undefined, string | null, 'cpu' | 'gpu', boolean]>([
    [undefined, null, 'cpu', false],
    ['cpu', null, 'cpu', false],
    ['cuda', null, 'gpu', false],
    ['cuda', 'no driver', 'cpu', true],
    ['auto', null, 'gpu', false],
    ['auto', 'no driver', 'cpu', false],
    ['dml', 'no driver', 'gpu', false],
  ])('%s with CUDA problem %s → %s', (device, problem, target, noticed) => {
    const chosen = installTarget(device, () => problem);
    expect(chosen.target).toBe(target);
    expect(chosen.notice !== null).toBe(noticed);
  });
});
