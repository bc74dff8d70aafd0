/**
 * `lumen model add <url>` against a hub on 127.0.0.1 serving a generated CLIP model: a cut
 * transfer resumes, a damaged file is refused, and nothing damaged is ever listed or used.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lumen, lumenJson } from '../../support/cli-runner';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from './fake-hub';

let root = '';
let hub: FakeHub;
let modelsDir = '';
let library = '';
let source = '';
const REPO = 'lumen-test/tiny-clip';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-install-'));
  source = await writeReferenceModel(join(root, 'source'), { family: 'clip', quantized: true, name: 'tiny-clip' });
  hub = await startFakeHub({ [REPO]: source });
});
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});
let run = 0;
beforeEach(() => {
  run++;
  modelsDir = join(root, `models-${run}`);
  library = join(root, `library-${run}`);
  process.env.LUMEN_MODELS = modelsDir;
  hub.requests.length = 0;
});

const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
interface ListOutput {
  models: Array<{ id: string; active: boolean; files: Record<string, string> }>;
}

describe('lumen model add <url>', () => {
  it('installs from a hub URL, resuming a cut transfer, and the model is usable at once', async () => {
    hub.cutOnce('onnx/vision_model.onnx');
    const added = await lumen('model', 'add', `${hub.url}/${REPO}`, '--library', library);
    // Not a terminal: no progress bar, only the line that says the downloaded model is being checked.
    expect(added.stderr).toBe('checking the model: loading it once before it is installed\n');
    expect(added.code).toBe(0);
    // The second request for the cut file asked only for the bytes that were missing.
    const visionRequests = hub.requests.filter((r) => r.path === `/cdn-lfs/lumen-test/tiny-clip/${hub.commitOf(REPO)}/onnx/vision_model.onnx`);
    expect(visionRequests).toHaveLength(2);
    expect(visionRequests[0]?.range).toBeNull();
    expect(visionRequests[1]?.range).toMatch(/^bytes=[1-9]\d*-$/);
    // Only the fp32 towers were fetched; every installed file is byte-identical to the source.
    const installed = join(modelsDir, 'tiny-clip');
    expect((await readdir(join(installed, 'onnx'))).sort()).toEqual(['text_model.onnx', 'vision_model.onnx']);
    for (const file of ['config.json', 'tokenizer.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx']) {
      expect(await sha256(join(installed, file))).toBe(await sha256(join(source, file)));
    }
    expect(existsSync(join(modelsDir, '.downloads', 'tiny-clip'))).toBe(false);

    const list = await lumenJson<ListOutput>('model', 'list', '--library', library);
    expect(list.models.map((m) => [m.id, m.active])).toEqual([['tiny-clip', false]]);
    expect(list.models[0]?.files['onnx/vision_model.onnx']).toBe(await sha256(join(source, 'onnx/vision_model.onnx')));
    expect((await lumen('model', 'use', 'tiny-clip', '--library', library)).code).toBe(0);
    const status = await lumenJson<{ model: { name: string; embedDim: number } }>('status', '--library', library);
    expect(status.model).toMatchObject({ name: 'tiny-clip', embedDim: 24 });
  });

  it('fetches the quantized towers with --variant quantized', async () => {
    expect((await lumen('model', 'add', `${hub.url}/${REPO}/resolve/main/`, '--id', 'tiny-clip-q8', '--variant', 'quantized', '--library', library)).code).toBe(
      0,
    );
    expect((await readdir(join(modelsDir, 'tiny-clip-q8', 'onnx'))).sort()).toEqual(['text_model_quantized.onnx', 'vision_model_quantized.onnx']);
    expect((await lumen('model', 'use', 'tiny-clip-q8', '--library', library)).code).toBe(0);
    expect((await lumenJson<{ model: { name: string } }>('status', '--library', library)).model.name).toBe('tiny-clip');
  });

  it('refuses a file whose SHA-256 differs from the hub’s, and installs nothing', async () => {
    hub.corrupt('onnx/text_model.onnx', 'flip');
    try {
      const added = await lumen('model', 'add', `${hub.url}/${REPO}`, '--json', '--library', library);
      expect(added.code).toBe(1);
      expect(JSON.parse(added.stdout)).toMatchObject({ ok: false, error: { code: 'download-failed' } });
      expect(added.stderr).toMatch(/onnx\/text_model\.onnx is damaged: its SHA-256 is [0-9a-f]{64} but the server says/);
      await expectNothingInstalled();
    } finally {
      hub.corrupt('onnx/text_model.onnx', 'none');
    }
  });

  it('refuses a file that differs from the hub’s listing even when the download announces no hash, and keeps only the good files', async () => {
    hub.corrupt('onnx/vision_model.onnx', 'truncate');
    try {
      const added = await lumen('model', 'add', `${hub.url}/${REPO}`, '--library', library);
      expect(added.code).toBe(1);
      expect(added.stderr).toMatch(
        /onnx\/vision_model\.onnx from lumen-test\/tiny-clip at [0-9a-f]{12} is not the expected file: it has \d+ bytes where the hub lists \d+/,
      );
      await expectNothingInstalled();
      // The damaged file is not kept to be "resumed" into the same failure.
      expect(existsSync(join(modelsDir, '.downloads', 'tiny-clip', 'onnx', 'vision_model.onnx.part'))).toBe(false);
    } finally {
      hub.corrupt('onnx/vision_model.onnx', 'none');
    }
  });

  it('says which file is missing on the hub', async () => {
    const added = await lumen('model', 'add', `${hub.url}/lumen-test/no-such-model`, '--library', library);
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/has no model lumen-test\/no-such-model at main/);
  });
});

async function expectNothingInstalled(): Promise<void> {
  expect((await lumenJson<ListOutput>('model', 'list', '--library', library)).models).toEqual([]);
  expect(existsSync(join(modelsDir, 'tiny-clip'))).toBe(false);
  expect(await readdir(join(modelsDir, '.staging')).catch(() => [])).toEqual([]);
}
