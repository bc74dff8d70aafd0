import { SETTING_MODEL_FOLDER } from '../lumen-services';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { PhotoRepository } from '../library/photo-repository';
import type { SettingsRepository } from '../library/settings-repository';
import { bundledModelFolder } from '../resource-paths';
import type { InstalledModel } from './model-registry';
import { SETTING_MODEL_SERVING } from './serving-tower';

/** How many of the library's photos already have a vector for a model's image tower. */
export interface ModelChoice {
  embedded: number;
  photos: number;
}

/**
 * Records an installed model as the library's choice (`lumen model use`, and the window's
 * Settings). Only settings change: the next start of the services loads it, serving the previous
 * model until every photo has a vector for the new image tower.
 */
export function recordModelChoice(
  settings: SettingsRepository,
  embeddings: EmbeddingRepository,
  photos: PhotoRepository,
  model: InstalledModel,
  folder: string,
): ModelChoice {
  // A library from before serving was recorded: its current model serves until the new one is complete.
  if (settings.get(SETTING_MODEL_SERVING) === undefined) settings.set(SETTING_MODEL_SERVING, settings.get(SETTING_MODEL_FOLDER) ?? bundledModelFolder());
  settings.set(SETTING_MODEL_FOLDER, folder);
  const tower = embeddings.findImageTower(model.imageTowerId);
  return { embedded: tower ? embeddings.countEmbeddings(tower.id) : 0, photos: photos.countPhotos() };
}
