import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelStatus, VectorBackendName } from '../../../src-common/contract';
import type { SwitchableEncoder } from '../inference/image-text-encoder';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRepository } from '../library/photo-repository';
import type { SettingsRepository } from '../library/settings-repository';
import { openVectorIndex } from '../library/vector/open-vector-index';
import type { ManagedVectorIndex } from '../library/vector/managed-vector-index';
import type { DeviceChoice } from '../model/execution-device';
import { installedFileHashes } from './model-registry';

/**
 * The model whose vectors answer searches. After switching to a model with another image tower,
 * photos need new vectors; until every photo has one, searches keep using the previous model (its
 * text tower and its stored image vectors) so results stay complete, while indexing fills the new
 * tower in the background. Recorded in this library setting once a model's tower is complete.
 */
export const SETTING_MODEL_SERVING = 'model.serving';

export interface ServingTower {
  model: ModelStatus;
  towerRowId: number;
  vectorIndex: ManagedVectorIndex;
  /** True while the chosen model's tower is incomplete and an older, complete one serves. */
  previous: boolean;
}

export interface ServingTowerDeps {
  db: LibraryDb;
  settings: SettingsRepository;
  embeddings: EmbeddingRepository;
  photos: PhotoRepository;
  /** The search worker, holding the chosen model; it is switched to the serving one if that differs. */
  encoder: SwitchableEncoder;
  backend: VectorBackendName;
  device?: DeviceChoice;
}

export interface ChosenTower {
  folder: string;
  model: ModelStatus;
  towerRowId: number;
  vectorIndex: ManagedVectorIndex;
}

export async function openServingTower(deps: ServingTowerDeps, chosen: ChosenTower): Promise<ServingTower> {
  const { settings, embeddings, photos, encoder } = deps;
  const complete = embeddings.countEmbeddings(chosen.towerRowId) >= photos.countPhotos();
  const recorded = settings.get(SETTING_MODEL_SERVING);
  const usable = recorded !== undefined && resolve(recorded) !== resolve(chosen.folder) && existsSync(recorded);
  if (complete || !usable) {
    // Only when it changes: opening a library to search must not need the write lock.
    if (complete && recorded !== chosen.folder) settings.set(SETTING_MODEL_SERVING, chosen.folder);
    return { model: chosen.model, towerRowId: chosen.towerRowId, vectorIndex: chosen.vectorIndex, previous: false };
  }
  const device = deps.device ? { device: deps.device } : {};
  const expectedSha256 = await installedFileHashes(recorded);
  const model = await encoder.loadModel({ folder: recorded, ...device, ...(expectedSha256 ? { expectedSha256 } : {}) });
  const tower = embeddings.findImageTower(model.imageTowerId);
  if (!tower || embeddings.countEmbeddings(tower.id) === 0) {
    // Nothing to serve from after all: back to the chosen model.
    await encoder.loadModel({ folder: chosen.folder, ...device });
    return { model: chosen.model, towerRowId: chosen.towerRowId, vectorIndex: chosen.vectorIndex, previous: false };
  }
  return { model, towerRowId: tower.id, vectorIndex: openVectorIndex(deps.db, deps.backend, tower.id, model.embedDim), previous: true };
}
