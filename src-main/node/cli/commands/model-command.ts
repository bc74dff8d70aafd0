import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LumenFailure } from '../../../../src-common/result';
import { EmbeddingRepository } from '../../library/embedding-repository';
import { LibraryDb } from '../../library/library-db';
import { PhotoRepository } from '../../library/photo-repository';
import { SettingsRepository } from '../../library/settings-repository';
import { SETTING_MODEL_FOLDER } from '../../lumen-services';
import { installModel } from '../../models/model-installer';
import { ModelRegistry, type InstalledModel } from '../../models/model-registry';
import { recordModelChoice } from '../../models/model-choice';
import { printable, UsageError, type CliIo } from '../cli-io';
import { cancelOnInterrupt } from '../interrupt';
import { downloadProgressLine } from '../download-progress-line';
import type { ModelCommandOptions } from '../model-options';
import { catalogRow, catalogText } from '../model-catalog-text';
import { ModelCatalog } from '../../models/catalog/model-catalog';
import { defaultHubEndpoint } from '../../models/models-home';
import { installTarget } from '../../models/install-target';
import { cudaUnavailableReason } from '../../model/cuda-availability';

const USAGE =
  'usage: lumen model catalog | add <catalog id|Org/name[@rev]|hf://Org/name@rev|hub URL|folder> [--id ID] [--variant fp32|quantized|fp16|…] [--device cuda|cpu] | list | use <id> | remove <id>';

/**
 * `lumen model add|list|use|remove`: the registry of installed models (shared by every library)
 * and the library's choice among them (its model.folder setting). No worker, no index: `use`
 * only records the choice, which every later command (and the next app start) loads.
 */
export async function runModelCommand(
  libraryDir: string,
  modelsDir: string,
  args: readonly string[],
  options: ModelCommandOptions,
  json: boolean,
  io: CliIo,
  hubEndpoint: string = defaultHubEndpoint(),
  catalog: ModelCatalog = new ModelCatalog(),
  cudaProblem: () => string | null = cudaUnavailableReason,
): Promise<number> {
  const registry = new ModelRegistry(modelsDir);
  const [action, target, ...extra] = args;
  if (extra.length > 0) throw new UsageError(USAGE);
  switch (action) {
    case 'catalog': {
      if (target) throw new UsageError(USAGE);
      const recommended = catalog.recommended().id;
      io.out(json ? `${JSON.stringify({ recommended, models: catalog.entries.map((entry) => catalogRow(entry, recommended)) })}\n` : catalogText(catalog));
      return 0;
    }
    case 'add': {
      if (!target) throw new UsageError(USAGE);
      const live = !json && io.interactive;
      const notices: string[] = [];
      const device = installTarget(options.device, cudaProblem);
      if (device.notice !== null) {
        notices.push(device.notice);
        if (!json) io.err(`note: ${device.notice}\n`);
      }
      const interrupt = cancelOnInterrupt(io, 'Stopping the download; what arrived is kept for the next `lumen model add`');
      const model = await installModel(target, {
        registry,
        ...(options.id ? { id: options.id } : {}),
        ...(options.variant ? { variant: options.variant } : {}),
        target: device.target,
        catalog,
        hubEndpoint,
        token: interrupt.token,
        onNotice: (sentence) => {
          notices.push(sentence);
          if (!json) io.err(`note: ${sentence}\n`);
        },
        onProgress: (p) => {
          if (live) io.err(downloadProgressLine({ ...p, label: `(${p.file.index}/${p.file.count}) ${p.label}` }));
        },
        onChecking: () => {
          if (!json) io.err(`${live ? '\n' : ''}checking the model: loading it once before it is installed\n`);
        },
      }).finally(() => interrupt.dispose());
      if (live) io.err('\n');
      io.out(
        json
          ? `${JSON.stringify({ installed: model, notices })}\n`
          : `installed ${model.id} (${printable(model.name)}, ${printable(model.family)}, ${model.embedDim}-d) in ${printable(registry.folderOf(model.id))}\nuse it with: lumen model use ${model.id}\n`,
      );
      return 0;
    }
    case 'list': {
      if (target) throw new UsageError(USAGE);
      const models = await registry.list();
      const active = withLibrary(libraryDir, (settings) => settings.get(SETTING_MODEL_FOLDER));
      if (json)
        io.out(`${JSON.stringify({ models: models.map((m) => ({ ...m, folder: registry.folderOf(m.id), active: isActive(m, registry, active) })) })}\n`);
      else if (models.length === 0) io.out('no models installed (see lumen model catalog; add one with: lumen model add <id>)\n');
      else
        for (const m of models)
          io.out(
            `${isActive(m, registry, active) ? '*' : ' '} ${m.id}  ${printable(m.name)}  ${printable(m.family)}  ${m.embedDim}-d  image tower ${m.imageTowerId.slice(0, 12)}${m.source.startsWith('hf://') ? `  ${printable(m.source)}` : ''}\n`,
          );
      return 0;
    }
    case 'use': {
      const model = await requireModel(registry, target);
      const folder = registry.folderOf(model.id);
      const reuse = withLibrary(libraryDir, (settings, db) => recordModelChoice(settings, new EmbeddingRepository(db), new PhotoRepository(db), model, folder));
      const note =
        reuse.embedded >= reuse.photos
          ? 'every photo already has a vector for its image tower'
          : `${reuse.photos - reuse.embedded} photos need vectors for its image tower (run lumen index)`;
      io.out(json ? `${JSON.stringify({ active: model.id, folder, ...reuse })}\n` : `now using ${model.id}: ${note}\n`);
      return 0;
    }
    case 'remove': {
      const model = await requireModel(registry, target);
      const active = withLibrary(libraryDir, (settings) => settings.get(SETTING_MODEL_FOLDER));
      if (isActive(model, registry, active))
        throw new LumenFailure('model-in-use', `${model.id} is this library's model; choose another with lumen model use <id> first`);
      await registry.remove(model.id);
      await rm(registry.folderOf(model.id), { recursive: true, force: true });
      io.out(json ? `${JSON.stringify({ removed: model.id })}\n` : `removed ${model.id}\n`);
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function requireModel(registry: ModelRegistry, id: string | undefined): Promise<InstalledModel> {
  if (!id) throw new UsageError(USAGE);
  const model = await registry.get(id);
  if (!model) throw new LumenFailure('missing-model', `no installed model with id "${id}" (see lumen model list)`);
  return model;
}

function isActive(model: InstalledModel, registry: ModelRegistry, activeFolder: string | undefined): boolean {
  return activeFolder !== undefined && resolve(activeFolder) === resolve(registry.folderOf(model.id));
}

function withLibrary<T>(libraryDir: string, work: (settings: SettingsRepository, db: LibraryDb) => T): T {
  const db = LibraryDb.open(libraryDir);
  try {
    return work(new SettingsRepository(db), db);
  } finally {
    db.close();
  }
}
