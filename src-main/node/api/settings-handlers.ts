/**
 * Handlers of the Settings page's calls (contract-settings.ts): the installed models and the
 * library's choice among them (as `lumen model list|use|add` do), and the device setting. Part of
 * the one dispatcher (api-handlers.ts). A change reopens the services when the session can and
 * nothing is running; otherwise it is saved and applies on the next start.
 */
import { resolve } from 'node:path';
import { DEVICE_CHOICES, type DeviceChoice, type DeviceSettings, type ModelsState, type SettingsApi } from '../../../src-common/contract-settings';
import { LumenFailure } from '../../../src-common/result';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import { SETTING_DEVICE, SETTING_MODEL_FOLDER } from '../lumen-services';
import { checkExcludePattern, readExcludePatterns, writeExcludePatterns } from '../indexer/exclude-patterns';
import { recordModelChoice } from '../models/model-choice';
import { installModel } from '../models/model-installer';
import { ModelRegistry } from '../models/model-registry';
import { defaultHubEndpoint, defaultModelsDir } from '../models/models-home';
import { ModelCatalog } from '../models/catalog/model-catalog';
import { modelInstallHandlers } from './model-install-handlers';
import type { AppSession } from './app-session';
import type { SessionSource } from './live-session';
import { cannotStartSentence, probeFailure, probeProvidersOnce, startedHere, type ProbeAnswer, type ProviderProbe } from '../model/provider-probe';

const BUSY = 'indexing or auto-tagging is running; wait for it to finish (or stop it) before switching models';

export async function modelsState(session: AppSession, registry: ModelRegistry, restartNeeded: boolean): Promise<ModelsState> {
  const { services } = session;
  const chosen = services.settings.get(SETTING_MODEL_FOLDER);
  const models = (await registry.list()).map((m) => ({
    id: m.id,
    name: m.name,
    family: m.family,
    embedDim: m.embedDim,
    imageTowerId: m.imageTowerId,
    active: chosen !== undefined && resolve(chosen) === resolve(registry.folderOf(m.id)),
  }));
  const switching = services.serving.previous
    ? { serving: services.serving.model.name, embedded: services.embeddings.countEmbeddings(services.towerRowId), photos: services.photos.countPhotos() }
    : null;
  return { modelsDir: registry.dir, models, current: { name: services.model.name, folder: services.model.folder }, switching, restartNeeded };
}

/**
 * The devices Settings offers: automatic and the CPU always, the saved choice, and each provider this
 * onnxruntime build has unless it already failed to start here (or gave other vectors than the CPU)
 * or, when the start-up probe answered, the probe could not start it.
 */
export function offeredDeviceChoices(compiled: readonly string[], failed: ReadonlySet<string>, choice: DeviceChoice, probe?: ProbeAnswer): DeviceChoice[] {
  return DEVICE_CHOICES.filter(
    (c) => c === 'auto' || c === 'cpu' || c === choice || (compiled.includes(c) && !failed.has(c) && (probe === undefined || startedHere(probe, c))),
  );
}

/** The GPU providers of this build that are not offered, each with one sentence and onnxruntime's reason. */
export function unavailableDevices(compiled: readonly string[], offered: readonly DeviceChoice[], probe: ProbeAnswer): DeviceSettings['unavailable'] {
  return DEVICE_CHOICES.filter((c) => c !== 'auto' && c !== 'cpu' && compiled.includes(c) && !offered.includes(c)).map((device) => ({
    device,
    sentence: cannotStartSentence(device),
    detail: probeFailure(probe, device) ?? 'it failed when the model was loaded on it',
  }));
}

export async function deviceState(session: AppSession, probe: ProviderProbe = probeProvidersOnce): Promise<DeviceSettings> {
  const { services } = session;
  const choice = services.settings.getChoice(SETTING_DEVICE, DEVICE_CHOICES) ?? 'cpu';
  // Loaded on first use, so a process that never opens Settings never loads onnxruntime here.
  const { compiledProviders } = await import('../model/execution-device');
  const { providersThatFailedHere } = await import('../model/device-selection');
  const compiled = compiledProviders();
  const probed = await probe();
  const choices = offeredDeviceChoices(compiled, providersThatFailedHere(), choice, probed);
  const unavailable = unavailableDevices(compiled, choices, probed) ?? [];
  return {
    choice,
    choices,
    ...(unavailable.length > 0 ? { unavailable } : {}),
    inUse: services.model.executionProvider,
    ...(services.model.deviceNote ? { note: services.model.deviceNote } : {}),
    restartNeeded: choice !== services.deviceChoice,
  };
}

export function settingsHandlers(
  session: SessionSource,
  modelsDir: () => string = defaultModelsDir,
  hubEndpoint: () => string = defaultHubEndpoint,
  catalog: ModelCatalog = new ModelCatalog(),
  probe: ProviderProbe = probeProvidersOnce,
): Pick<ApiHandlers, keyof SettingsApi> {
  const registry = (): ModelRegistry => new ModelRegistry(modelsDir());
  return {
    ...modelInstallHandlers({ session, registry, catalog, hubEndpoint, modelsState: (current, models) => modelsState(current, models, false) }),
    listModels: async () => modelsState(await session(), registry(), false),
    useModel: async (id) => {
      const models = registry();
      const model = await models.get(id);
      if (!model) throw new LumenFailure('missing-model', `no installed model with id "${id}"`);
      const folder = models.folderOf(model.id);
      const current = await session();
      const { services } = current;
      const chosen = services.settings.get(SETTING_MODEL_FOLDER);
      if (chosen !== undefined && resolve(chosen) === resolve(folder) && resolve(services.model.folder) === resolve(folder))
        return modelsState(current, models, false);
      if (session.reload && current.busy) throw new LumenFailure('busy', BUSY);
      recordModelChoice(services.settings, services.embeddings, services.photos, model, folder);
      if (!session.reload) return modelsState(current, models, true);
      const next = await session.reload();
      // Another image tower: its vectors are made in the background while the previous model serves.
      if (next.services.serving.previous) next.reindexAll();
      return modelsState(next, models, false);
    },
    addModel: async (folder, token) => {
      const models = registry();
      await installModel(folder, { registry: models, token });
      return modelsState(await session(), models, false);
    },
    getDevice: async () => deviceState(await session(), probe),
    getExcludePatterns: async () => readExcludePatterns((await session()).services.settings),
    setExcludePatterns: async (patterns) => {
      const checked = [...new Set(patterns.map(checkExcludePattern))];
      writeExcludePatterns((await session()).services.settings, checked);
      return checked;
    },
    setDevice: async (choice: DeviceChoice) => {
      const current = await session();
      current.services.settings.set(SETTING_DEVICE, choice);
      // Reloading would stop indexing or auto-tagging: then the choice waits for the next start.
      if (session.reload && choice !== current.services.deviceChoice && !current.busy) return deviceState(await session.reload(), probe);
      return deviceState(current, probe);
    },
  };
}
