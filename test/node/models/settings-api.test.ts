/**
 * The Settings page's calls through the real dispatcher, over a real library with real (reference)
 * models: list and use installed models (same image tower: at once; another: re-embedded in the
 * background while the old vectors serve, then the new model serves), add one from a folder, and
 * the device setting (saved in the library, read at start, applied by reopening the services).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSettings, ModelsState } from '../../../src-common/contract-settings';
import type { LibraryStatus, SearchResponse } from '../../../src-common/contract';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { LumenServices, SETTING_DEVICE } from '../../../src-main/node/lumen-services';
import { runConfigCommand } from '../../../src-main/node/cli/commands/config-command';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';

let root = '';
let library = '';
let photos = '';
let sources: Record<string, string> = {};
let session: ReturnType<typeof lazySession>;
let dispatch: ApiDispatcher;
const QUERY = 'a photo of an astronaut';

async function value<T>(method: string, arg?: unknown): Promise<T> {
  const result = (await dispatch(method, arg)) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-settings-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  library = join(root, 'library');
  photos = join(root, 'photos');
  await cp(join(import.meta.dirname, '../../fixtures/corpus/photos'), photos, { recursive: true });
  // a and b: one image tower (vision seed 1), two text towers. c: another image tower.
  sources = {
    'clip-a': await writeReferenceModel(join(root, 'src', 'clip-a'), { family: 'clip', visionSeed: 1, textSeed: 2, name: 'clip-a' }),
    'clip-b': await writeReferenceModel(join(root, 'src', 'clip-b'), { family: 'clip', visionSeed: 1, textSeed: 3, name: 'clip-b' }),
    'clip-c': await writeReferenceModel(join(root, 'src', 'clip-c'), { family: 'clip', visionSeed: 5, textSeed: 2, name: 'clip-c' }),
  };
  session = lazySession(() => LumenServices.open({ libraryDir: library, indexWorkers: 1 }));
  dispatch = createApiDispatcher(session);
});

afterAll(async () => {
  await session?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('models from the window', () => {
  it('adds models from folders, refusing what is not a model folder', async () => {
    expect(await value<ModelsState>('listModels')).toMatchObject({ models: [], switching: null, restartNeeded: false });
    for (const source of Object.values(sources)) await value<ModelsState>('addModel', source);
    const state = await value<ModelsState>('listModels');
    expect(state.modelsDir).toBe(join(root, 'models'));
    expect(state.models.map((m) => [m.id, m.name, m.family, m.active])).toEqual([
      ['clip-a', 'clip-a', 'clip', false],
      ['clip-b', 'clip-b', 'clip', false],
      ['clip-c', 'clip-c', 'clip', false],
    ]);
    expect(state.models[0]?.imageTowerId).toBe(state.models[1]?.imageTowerId);
    expect(state.models[2]?.imageTowerId).not.toBe(state.models[0]?.imageTowerId);
    expect(await dispatch('addModel', sources['clip-a'])).toMatchObject({ ok: false, error: { code: 'model-exists' } });
    expect(await dispatch('addModel', photos)).toMatchObject({ ok: false });
    expect(await dispatch('useModel', 'clip-z')).toMatchObject({ ok: false, error: { code: 'missing-model' } });
  });

  it('uses a model at once, and indexes a folder with it', async () => {
    const used = await value<ModelsState>('useModel', 'clip-a');
    expect(used).toMatchObject({ current: { name: 'clip-a' }, switching: null, restartNeeded: false });
    expect(used.models.filter((m) => m.active).map((m) => m.id)).toEqual(['clip-a']);
    await value('addFolder', photos);
    await (await session()).indexing.idle();
    expect(await value<LibraryStatus>('getStatus')).toMatchObject({ photos: 10, embedded: 10, model: { name: 'clip-a' } });
  });

  it('refuses to switch while indexing runs', async () => {
    const current = await session();
    await value('reindexAll');
    expect(current.busy).toBe(true);
    expect(await dispatch('useModel', 'clip-c')).toMatchObject({ ok: false, error: { code: 'busy' } });
    await current.indexing.idle();
  });

  it('switches to another text tower of the same image tower without re-embedding', async () => {
    const state = await value<ModelsState>('useModel', 'clip-b');
    expect(state).toMatchObject({ current: { name: 'clip-b' }, switching: null });
    expect((await session()).indexing.state()).toMatchObject({ current: null, queued: [] });
    expect(await value<LibraryStatus>('getStatus')).toMatchObject({ photos: 10, embedded: 10, model: { name: 'clip-b' } });
    expect((await value<SearchResponse>('search', { text: QUERY, limit: 10 })).model).toBe('clip-b');
  });

  it('switches to another image tower in the background while the old vectors serve, then serves the new one', async () => {
    const before = await value<SearchResponse>('search', { text: QUERY, limit: 10 });
    const state = await value<ModelsState>('useModel', 'clip-c');
    expect(state).toMatchObject({ current: { name: 'clip-c' }, switching: { serving: 'clip-b', photos: 10 } });
    const during = await session();
    expect(during.services.serving.previous).toBe(true);
    // Re-embedding started by itself; searches meanwhile answer with the previous model's complete vectors.
    expect(during.busy).toBe(true);
    const search = await value<SearchResponse>('search', { text: QUERY, limit: 10 });
    expect(search.model).toBe('clip-b');
    expect(search.hits.map((h) => h.path)).toEqual(before.hits.map((h) => h.path));
    expect(await value<LibraryStatus>('getStatus')).toMatchObject({ model: { name: 'clip-c' }, servingModel: { name: 'clip-b' } });

    await during.indexing.idle();
    // Once every photo has a vector, the services reopen on their own and the chosen model serves.
    await expect.poll(async () => (await value<ModelsState>('listModels')).switching, { timeout: 60_000, interval: 200 }).toBeNull();
    expect((await session()).services.serving.previous).toBe(false);
    expect((await value<SearchResponse>('search', { text: QUERY, limit: 10 })).model).toBe('clip-c');
    const status = await value<LibraryStatus>('getStatus');
    expect(status).toMatchObject({ embedded: 10, model: { name: 'clip-c' } });
    expect(status.servingModel).toBeUndefined();
  });
});

describe('device from the window', () => {
  it('reports the device in use, saves a choice in the library and reloads the model with it', async () => {
    const initial = await value<DeviceSettings>('getDevice');
    expect(initial).toMatchObject({ choice: 'cpu', inUse: 'cpu', restartNeeded: false });
    expect(initial.choices.slice(0, 2)).toEqual(['auto', 'cpu']);

    const auto = await value<DeviceSettings>('setDevice', 'auto');
    expect(auto).toMatchObject({ choice: 'auto', restartNeeded: false });
    const services = (await session()).services;
    expect(services.deviceChoice).toBe('auto');
    expect(services.settings.get(SETTING_DEVICE)).toBe('auto');
    expect(auto.inUse).toBe(services.model.executionProvider);
    // Whatever runs, searches still answer.
    expect((await value<SearchResponse>('search', { text: QUERY, limit: 3 })).hits).toHaveLength(3);
  });

  it('saves a change while indexing runs for the next start, which reads it', async () => {
    const current = await session();
    await value('reindexAll');
    const saved = await value<DeviceSettings>('setDevice', 'cpu');
    expect(saved).toMatchObject({ choice: 'cpu', restartNeeded: true });
    expect(current.services.deviceChoice).toBe('auto');
    await current.indexing.idle();

    await session.dispose();
    const reopened = await value<DeviceSettings>('getDevice');
    expect(reopened).toMatchObject({ choice: 'cpu', inUse: 'cpu', restartNeeded: false });
  });

  it('is the same setting as `lumen config model.device`, which checks its values', async () => {
    await session.dispose();
    const out: string[] = [];
    const io = { out: (text: string) => void out.push(text), err: () => undefined, interactive: false };
    expect(await runConfigCommand(library, ['get', 'model.device'], true, io)).toBe(0);
    expect(JSON.parse(out.pop() ?? '')).toEqual({ key: 'model.device', value: 'cpu' });
    await expect(runConfigCommand(library, ['set', 'model.device', 'gpu'], true, io)).rejects.toThrow(/model.device must be one of auto, cpu/);
    expect(await runConfigCommand(library, ['set', 'model.device', 'auto'], true, io)).toBe(0);
    expect(await value<DeviceSettings>('getDevice')).toMatchObject({ choice: 'auto', restartNeeded: false });
  });
});
