/**
 * The Settings page's catalogue, install and remove calls through the real dispatcher: a fresh
 * library says only the demo model is here and offers the recommended download with its size; an
 * install from a hub id pushes its progress as `modelInstall` events, file by file, up to
 * `installed`; a refused install ends with a `failed` event naming the file; an installed model
 * that is not in use can be removed, the library's own cannot.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCatalogState, ModelInstallState, ModelsState } from '../../../src-common/contract-settings';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from './fake-hub';

const REPO = 'lumen-test/tiny-clip';
let root = '';
let hub: FakeHub;
let session: ReturnType<typeof lazySession>;
let dispatch: ApiDispatcher;

async function value<T>(method: string, arg?: unknown): Promise<T> {
  const result = (await dispatch(method, arg)) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-install-api-'));
  const source = await writeReferenceModel(join(root, 'source'), { family: 'clip', name: 'tiny-clip' });
  hub = await startFakeHub(
    { [REPO]: source, [`${REPO}-again`]: source, 'Xenova/clip-vit-base-patch32': { folder: source, commit: 'd15189d7028b43f1d3e65039190477f6af591c2a' } },
    { api: false },
  );
  process.env.LUMEN_MODELS = join(root, 'models');
  process.env.HF_ENDPOINT = hub.url;
  session = lazySession(() => LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
  dispatch = createApiDispatcher(session);
});
afterAll(async () => {
  await session?.dispose();
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('installing models from the window', () => {
  it('says only the demo model is here and offers CLIP ViT-B/32 with its download size', async () => {
    const catalog = await value<ModelCatalogState>('modelCatalog');
    expect(catalog).toMatchObject({ recommended: 'clip-vit-b32', onlyDemoModel: true, usingDemoModel: true, photos: 0 });
    expect(catalog.models[0]).toMatchObject({ id: 'clip-vit-b32', downloadBytes: 155_851_446, sizeKnown: true, pinned: true, installed: false });
  });

  it('pushes the progress of an install from a hub id as events, file by file, up to installed', async () => {
    const events: ModelInstallState[] = [];
    const stop = (await session()).events.listen('modelInstall', (state) => events.push(state));
    const state = await value<ModelsState>('installModel', { source: REPO });
    stop();
    expect(state.models.map((m) => m.id)).toEqual(['tiny-clip']);
    expect(events[0]).toMatchObject({ source: REPO, phase: 'downloading', received: 0 });
    expect(events.at(-1)).toMatchObject({ source: REPO, phase: 'installed' });
    // This server lists no hashes: the window is told, once per file, before the bytes arrive.
    expect(events.at(-1)?.notices[0]).toMatch(/lists no files or hashes for lumen-test\/tiny-clip/);
    const files = events.filter((e) => e.phase === 'downloading' && e.file !== null);
    expect(new Set(files.map((e) => e.file))).toEqual(
      new Set(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx']),
    );
    const received = files.map((e) => e.received);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect((await value<ModelCatalogState>('modelCatalog')).onlyDemoModel).toBe(false);
  });

  it('ends a refused install with a failed event naming the file and why', async () => {
    const events: ModelInstallState[] = [];
    const stop = (await session()).events.listen('modelInstall', (state) => events.push(state));
    const answer = await dispatch('installModel', { source: 'clip-vit-b32' });
    stop();
    expect(answer).toMatchObject({ ok: false, error: { code: 'download-failed' } });
    expect(events.at(-1)).toMatchObject({ phase: 'failed' });
    expect(events.at(-1)?.error).toMatch(/^config\.json from Xenova\/clip-vit-base-patch32 at d15189d7028b is not the expected file/);
  });

  it('stops the install in flight when the window cancels it, keeping what arrived', async () => {
    const events: ModelInstallState[] = [];
    void hub.stallOnce('onnx/vision_model.onnx');
    let cancelled: Promise<unknown> | null = null;
    const stop = (await session()).events.listen('modelInstall', (state) => {
      events.push(state);
      if (state.file === 'onnx/vision_model.onnx' && state.received > 0 && !cancelled) cancelled = dispatch('cancelModelInstall', undefined);
    });
    const answer = await dispatch('installModel', { source: `${REPO}-again`, variant: 'fp32' }).finally(() => hub.release());
    stop();
    expect(answer).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await cancelled).toEqual({ ok: true, value: true });
    expect(events.at(-1)).toMatchObject({ phase: 'cancelled' });
    expect(await dispatch('cancelModelInstall', undefined)).toEqual({ ok: true, value: false });
  });

  it('refuses a relative folder, removes a model not in use, and refuses to remove the library’s own', async () => {
    expect(await dispatch('installModel', { source: 'some/relative/folder' })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    await value<ModelsState>('useModel', 'tiny-clip');
    expect(await dispatch('removeModel', 'tiny-clip')).toMatchObject({ ok: false, error: { code: 'model-in-use' } });
    expect(await dispatch('removeModel', 'no-such-model')).toMatchObject({ ok: false, error: { code: 'missing-model' } });
  });
});
