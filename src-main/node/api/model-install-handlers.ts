/**
 * The Settings page's catalogue, install and remove calls (as `lumen model catalog|add|remove`).
 * An install pushes its progress as `modelInstall` events on the session's event hub: the
 * window's progress bar is fed by them, never by polling.
 */
import { rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { CancellationTokenSource, type CancellationToken } from '../../../src-common/cancellation';
import type { InstallModelRequest, ModelCatalogState, ModelInstallState, ModelsState, SettingsApi } from '../../../src-common/contract-settings';
import { describeCaught, LumenFailure } from '../../../src-common/result';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import { SETTING_MODEL_FOLDER } from '../lumen-services';
import { chooseDtypes, downloadSize, type ModelCatalog } from '../models/catalog/model-catalog';
import type { InstallProgress } from '../models/hub-download';
import { installModel } from '../models/model-installer';
import type { ModelRegistry } from '../models/model-registry';
import { resolveModelSource } from '../models/model-source';
import { SETTING_MODEL_SERVING } from '../models/serving-tower';
import { bundledModelFolder } from '../resource-paths';
import type { AppSession } from './app-session';
import type { SessionSource } from './live-session';

export interface ModelInstallDeps {
  session: SessionSource;
  registry: () => ModelRegistry;
  catalog: ModelCatalog;
  /** The hub catalogue entries and `Org/name` sources come from (`$HF_ENDPOINT` for a mirror). */
  hubEndpoint: () => string;
  /** The Settings page's answer after a change. */
  modelsState: (session: AppSession, registry: ModelRegistry) => Promise<ModelsState>;
}

type ModelInstallMethods = 'modelCatalog' | 'installModel' | 'removeModel' | 'cancelModelInstall';

export function modelInstallHandlers(deps: ModelInstallDeps): Pick<ApiHandlers, ModelInstallMethods & keyof SettingsApi> {
  // One install at a time per window session; cancelling it (or the call's own token) stops its download.
  let running: CancellationTokenSource | null = null;
  return {
    modelCatalog: async () => catalogState(deps),
    installModel: async (request, token) => {
      if (running) throw new LumenFailure('busy', 'another model is being installed; wait for it or cancel it first');
      const current = await deps.session();
      const registry = deps.registry();
      const source = new CancellationTokenSource(token);
      running = source;
      try {
        await install(deps, registry, current, request, source.token);
      } finally {
        running = null;
      }
      return deps.modelsState(await deps.session(), registry);
    },
    cancelModelInstall: () => {
      const cancelling = running;
      cancelling?.cancel();
      return cancelling !== null;
    },
    removeModel: async (id) => {
      const current = await deps.session();
      const registry = deps.registry();
      const model = await registry.get(id);
      if (!model) throw new LumenFailure('missing-model', `no installed model with id "${id}"`);
      const folder = resolve(registry.folderOf(model.id));
      const { settings } = current.services;
      const inUse = [settings.get(SETTING_MODEL_FOLDER), settings.get(SETTING_MODEL_SERVING), current.services.model.folder].some(
        (used) => used !== undefined && resolve(used) === folder,
      );
      if (inUse) throw new LumenFailure('model-in-use', `${model.id} is this library's model (or answers its searches); choose another model first`);
      await registry.remove(model.id);
      await rm(folder, { recursive: true, force: true });
      return deps.modelsState(current, registry);
    },
  };
}

async function catalogState(deps: ModelInstallDeps): Promise<ModelCatalogState> {
  const { services } = await deps.session();
  const installed = new Set((await deps.registry().list()).map((model) => model.id));
  return {
    models: deps.catalog.entries.map((entry) => {
      const size = downloadSize(entry, chooseDtypes(entry, 'cpu'));
      return {
        id: entry.id,
        name: entry.name,
        family: entry.family,
        languages: [...entry.languages],
        quality: entry.quality.note,
        qualitySource: entry.quality.source,
        downloadBytes: size.bytes,
        sizeKnown: size.complete,
        pinned: entry.revision !== null,
        installed: installed.has(entry.id),
        caveats: [...(entry.caveats ?? [])],
      };
    }),
    recommended: deps.catalog.recommended().id,
    onlyDemoModel: installed.size === 0,
    usingDemoModel: resolve(services.model.folder) === resolve(bundledModelFolder()),
    photos: services.photos.countPhotos(),
  };
}

async function install(
  deps: ModelInstallDeps,
  registry: ModelRegistry,
  session: AppSession,
  request: InstallModelRequest,
  token: CancellationToken,
): Promise<void> {
  const hubEndpoint = deps.hubEndpoint();
  // Over HTTP a relative folder would be resolved against the server's working folder: only absolute ones.
  const source = await resolveModelSource(request.source, deps.catalog, hubEndpoint);
  if (source.kind === 'folder' && !isAbsolute(request.source.trim()))
    throw new LumenFailure('bad-argument', `"${request.source}" is no catalogue model or hub model, and a folder must be given as an absolute path`);
  const state: ModelInstallState = {
    source: request.source,
    phase: 'downloading',
    file: null,
    fileIndex: 0,
    fileCount: 0,
    received: 0,
    total: null,
    notices: [],
  };
  const push = (): void => session.events.fire('modelInstall', { ...state, notices: [...state.notices] });
  let lastStep = '';
  const onProgress = (progress: InstallProgress): void => {
    state.file = progress.label;
    state.fileIndex = progress.file.index;
    state.fileCount = progress.file.count;
    state.received = progress.overall.received;
    state.total = progress.overall.total;
    // One event per percent of the whole download (and per file), not per network chunk.
    const fraction = state.total ? Math.floor((100 * state.received) / state.total) : Math.floor(state.received / 1_000_000);
    const step = `${state.fileIndex}:${fraction}`;
    if (step === lastStep) return;
    lastStep = step;
    push();
  };
  push();
  try {
    await installModel(request.source, {
      registry,
      catalog: deps.catalog,
      hubEndpoint,
      token,
      ...(request.variant ? { variant: request.variant } : {}),
      onProgress,
      onChecking: () => {
        state.phase = 'checking';
        state.file = null;
        push();
      },
      onNotice: (sentence) => {
        state.notices.push(sentence);
        push();
      },
    });
    state.phase = 'installed';
    push();
  } catch (caught) {
    state.phase = caught instanceof LumenFailure && caught.code === 'cancelled' ? 'cancelled' : 'failed';
    state.error = describeCaught(caught).message;
    push();
    throw caught;
  }
}
