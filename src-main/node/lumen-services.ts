/**
 * The one startup module: creates every service of a library with its dependencies, in order,
 * and disposes of them in reverse. CLI, server mode and the Electron main process all go through it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LibraryStatus, ModelStatus, VectorBackendName } from '../../src-common/contract';
import { LumenFailure } from '../../src-common/result';
import { EmbedWorkerClient } from './indexer/embed-worker/worker-client';
import { Indexer } from './indexer/indexer';
import { EmbeddingRepository } from './library/embedding-repository';
import { LibraryDb } from './library/library-db';
import { PhotoRepository } from './library/photo-repository';
import { SettingsRepository } from './library/settings-repository';
import { openVectorIndex } from './library/vector/open-vector-index';
import type { VectorIndex } from './library/vector/vector-index';
import { bundledModelFolder } from './resource-paths';
import { SearchService } from './search/search-service';

export const DEFAULT_VECTOR_BACKEND: VectorBackendName = 'vec';
export const SETTING_VECTOR_BACKEND = 'vector.backend';
export const SETTING_MODEL_FOLDER = 'model.folder';

export interface LumenOptions {
  libraryDir: string;
  /** Overrides the library's `model.folder` setting for this session. */
  modelFolder?: string;
  /** Overrides the library's `vector.backend` setting for this session. */
  vectorBackend?: VectorBackendName;
}

export class LumenServices {
  private constructor(
    readonly libraryDir: string,
    readonly db: LibraryDb,
    readonly photos: PhotoRepository,
    readonly embeddings: EmbeddingRepository,
    readonly settings: SettingsRepository,
    readonly worker: EmbedWorkerClient,
    readonly model: ModelStatus,
    readonly towerRowId: number,
    readonly vectorIndex: VectorIndex,
    readonly indexer: Indexer,
    readonly search: SearchService,
  ) {}

  static async open(options: LumenOptions): Promise<LumenServices> {
    const libraryDir = resolve(options.libraryDir);
    const db = LibraryDb.open(libraryDir);
    let worker: EmbedWorkerClient | null = null;
    try {
      const photos = new PhotoRepository(db);
      const embeddings = new EmbeddingRepository(db);
      const settings = new SettingsRepository(db);
      const modelFolder = resolveModelFolder(options.modelFolder ?? settings.get(SETTING_MODEL_FOLDER));
      const backend = options.vectorBackend ?? parseBackendSetting(settings.get(SETTING_VECTOR_BACKEND));
      worker = EmbedWorkerClient.start();
      const model = await worker.call('load-model', { folder: modelFolder });
      const towerRowId = embeddings.ensureImageTower(model.imageTowerId, model.name, model.embedDim);
      // Rebuilds from the raw vectors after a backend switch or an interrupted write.
      const vectorIndex = openVectorIndex(db, backend, towerRowId, model.embedDim);
      const indexer = new Indexer({ db, photos, embeddings, vectorIndex, worker, towerRowId, libraryDir });
      const search = new SearchService({ photos, vectorIndex, worker, modelName: model.name });
      return new LumenServices(libraryDir, db, photos, embeddings, settings, worker, model, towerRowId, vectorIndex, indexer, search);
    } catch (error) {
      await worker?.dispose();
      db.close();
      throw error;
    }
  }

  status(includeErrors: boolean): LibraryStatus {
    const errorList = this.photos.listErrors().map((e) => ({ path: e.path, reason: e.reason, failedAt: e.failedAt }));
    const status: LibraryStatus = {
      library: this.libraryDir,
      photos: this.photos.countPhotos(),
      embedded: this.embeddings.countEmbeddings(this.towerRowId),
      errors: errorList.length,
      roots: this.photos.listRoots().map((root) => ({
        path: root.path,
        photos: this.photos.countPhotos(root.id),
        online: root.online,
        lastScanAt: root.lastScanAt,
      })),
      vectorBackend: this.vectorIndex.backend,
      model: this.model,
    };
    if (includeErrors) status.errorList = errorList;
    return status;
  }

  async dispose(): Promise<void> {
    this.vectorIndex.dispose();
    await this.worker.dispose();
    this.db.close();
  }
}

function resolveModelFolder(configured: string | undefined): string {
  const folder = resolve(configured ?? bundledModelFolder());
  if (!existsSync(folder)) {
    const hint = configured
      ? 'check the --model path'
      : 'run `bash scripts/demo.sh` (or `npm run gen:model`) to build the bundled demo model';
    throw new LumenFailure('missing-model', `model folder not found: ${folder} (${hint})`);
  }
  return folder;
}

export function parseBackendSetting(value: string | undefined): VectorBackendName {
  if (value === undefined) return DEFAULT_VECTOR_BACKEND;
  if (value === 'vss' || value === 'vec') return value;
  throw new LumenFailure('bad-setting', `setting ${SETTING_VECTOR_BACKEND} must be "vss" or "vec", not "${value}"`);
}
