/**
 * Cancelling a model download (`lumen model add <url>` and Ctrl+C, or a window's addModel call that
 * went away): the transfer stops at once, nothing is installed, no later file is asked for, and what
 * arrived is kept so that the next install resumes from it. A hub on 127.0.0.1 serves a generated model.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from '../models/fake-hub';

const REPO = 'lumen-test/tiny-clip';
const VISION = 'onnx/vision_model.onnx';
let root = '';
let hub: FakeHub;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-cancel-download-'));
  const source = await writeReferenceModel(join(root, 'source'), { family: 'clip', name: 'tiny-clip' });
  hub = await startFakeHub({ [REPO]: source });
});
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('cancelling a model download', () => {
  it('stops the transfer in flight, installs nothing, asks for no further file, and the next install resumes', async () => {
    const registry = new ModelRegistry(join(root, 'models'));
    const cancellation = new CancellationTokenSource();
    let receivedAtCancel: number | null = null;
    let progressAfterCancel = 0;
    hub.requests.length = 0;
    const outcome = await installModel(`${hub.url}/${REPO}`, {
      registry,
      id: 'tiny',
      token: cancellation.token,
      onProgress: (p) => {
        if (receivedAtCancel !== null) progressAfterCancel++;
        else if (p.label === VISION && p.received > 0) {
          receivedAtCancel = p.received;
          cancellation.cancel();
        }
      },
    }).catch((error: unknown) => error);

    expect(outcome).toBeInstanceOf(LumenFailure);
    expect((outcome as LumenFailure).code).toBe('cancelled');
    expect((outcome as LumenFailure).message).toMatch(/vision_model\.onnx was cancelled.*resumes/);
    expect(receivedAtCancel).not.toBeNull();
    expect(progressAfterCancel).toBe(0);
    // The text tower comes after the vision tower: it was never asked for.
    expect(hub.requests.some((r) => r.path.endsWith('text_model.onnx'))).toBe(false);
    expect(await registry.list()).toEqual([]);
    expect(existsSync(registry.folderOf('tiny'))).toBe(false);
    expect(await readdir(join(registry.dir, '.staging'))).toEqual([]);
    const kept = (await stat(join(registry.dir, '.downloads', 'tiny', `${VISION}.part`))).size;
    expect(kept).toBe(receivedAtCancel);

    hub.requests.length = 0;
    const installed = await installModel(`${hub.url}/${REPO}`, { registry, id: 'tiny' });
    expect(installed.id).toBe('tiny');
    // Every request for the vision tower (the hub's and its CDN's) resumes from the bytes kept.
    const visionRequests = hub.requests.filter((r) => r.path.endsWith(VISION));
    expect(visionRequests.length).toBeGreaterThan(0);
    expect(visionRequests.map((r) => r.range)).toEqual(visionRequests.map(() => `bytes=${kept}-`));
    expect((await registry.list()).map((m) => m.id)).toEqual(['tiny']);
  }, 120_000);
});
