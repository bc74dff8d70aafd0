/**
 * The one startup module: creates every service of a library with its dependencies, in order,
 * and disposes of them in reverse. CLI, server mode and the Electron main process all go through it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LibraryStatus, ModelStatus, VectorBackendName } from '../../src-common/contract';
import { LumenFailure } from '../../src-common/result';
import { EmbedWorkerClient } from './inference/worker-client';
import { EmbedWorkerPool } from './inference/worker-pool';
import type { WorkerEntry } from './inference/worker-entry';
import { indexPoolShape, thisMachine } from './inference/pool-shape';
import { Indexer } from './indexer/indexer';
import { EmbeddingRepository } from './library/embedding-repository';
import { LibraryDb } from './library/library-db';
import { PhotoRepository } from './library/photo-repository';
import { SettingsRepository } from './library/settings-repository';
import { SkippedFilesRecord } from './indexer/skipped-files';
import { openVectorIndex } from './library/vector/open-vector-index';
import type { ManagedVectorIndex } from './library/vector/managed-vector-index';
import { bundledModelFolder } from './resource-paths';
import { SearchService } from './search/search-service';
import { DuplicatesService } from './duplicates/duplicates-service';
import { CategoryRepository } from './classify/category-repository';
import { ClassifyService } from './classify/classify-service';
import { FileJournal } from './classify/file-journal';
import { FileMover } from './classify/file-mover';
import { UndoService } from './classify/undo-service';
import { HistoryJournal } from './history/history-journal';
import { PhotoMarksRepository } from './library/photo-marks-repository';
import { PhotoMarksService } from './library/photo-marks-service';
import { installedFileHashes } from './models/model-registry';
import { openServingTower, type ServingTower } from './models/serving-tower';
import { DEVICE_CHOICES, type DeviceChoice } from '../../src-common/contract-settings';
import { KeywordWriter } from './tagging/keyword-writer';
import { TagRepository } from './tagging/tag-repository';
import { TagService } from './tagging/tag-service';
import { CancellationTokenSource } from '../../src-common/cancellation';
import { DisposableStore, toDisposable } from './lifecycle/disposable-store';
import { Gazetteer } from './places/gazetteer';
import { fillPlaceRegions } from './places/region-fill';
import { errorFields, type Logger } from './logging/logger';
import { PlaceStats } from './places/place-stats';
import { openFileLogger, type FileLogger } from './logging/file-logger';

export const DEFAULT_VECTOR_BACKEND: VectorBackendName = 'vec';
export const SETTING_VECTOR_BACKEND = 'vector.backend';
export const SETTING_MODEL_FOLDER = 'model.folder';
/** The library's device choice (`auto`, `cpu`, `cuda`, …), read at start; `--device` overrides it. */
export const SETTING_DEVICE = 'model.device';

export interface LumenOptions {
  libraryDir: string;
  /** Overrides the library's `model.folder` setting for this session. */
  modelFolder?: string;
  /** Overrides the library's `vector.backend` setting for this session. */
  vectorBackend?: VectorBackendName;
  /** Embed worker processes used while indexing; default: one per CPU core, at most 4. */
  indexWorkers?: number;
  /** Execution provider (`--device`); overrides the library's `model.device` setting; default: the CPU. */
  device?: DeviceChoice;
  /** Where the services log; default: the library's rotating log file (`<library>/logs/lumen.log`). */
  logger?: Logger;
  /** Names the process in the log file's lines (`cli`, `serve`, `app`). */
  processName?: string;
  /** The script embed worker processes start; default: the real worker (tests start one that wraps it). */
  workerEntry?: WorkerEntry;
}

/** Everything a library session is made of, by name. */
export interface LumenServicesParts {
  libraryDir: string;
  db: LibraryDb;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  settings: SettingsRepository;
  worker: EmbedWorkerClient;
  model: ModelStatus;
  towerRowId: number;
  /** The chosen tower's index; it may be rebuilt in the background (see `ManagedVectorIndex`), and `dispose` stops that. */
  vectorIndex: ManagedVectorIndex;
  indexer: Indexer;
  indexPool: EmbedWorkerPool;
  search: SearchService;
  classify: ClassifyService;
  undo: UndoService;
  /** The copy and move journal (the history's undo reads it). */
  fileJournal: FileJournal;
  /** The changes a person made, recorded for undo (history/). */
  history: HistoryJournal;
  /** Favourites, stars and display turns a person gives photos (recorded in the history). */
  marks: PhotoMarksService;
  /** Near-identical photos across the library, and moving the extra copies out of it (undoably). */
  duplicates: DuplicatesService;
  tags: TagService;
  /** The model answering searches: the chosen one, or the previous one while the chosen one's vectors are made. */
  serving: ServingTower;
  /** The device the model was asked to run on (option or setting; the provider in use is `model.executionProvider`). */
  deviceChoice: DeviceChoice;
  logger: Logger;
  /** The log file these services write to; null when the caller passed its own logger. */
  logFile: string | null;
}

export class LumenServices implements LumenServicesParts {
  readonly libraryDir: string;
  readonly db: LibraryDb;
  readonly photos: PhotoRepository;
  readonly embeddings: EmbeddingRepository;
  readonly settings: SettingsRepository;
  readonly worker: EmbedWorkerClient;
  readonly model: ModelStatus;
  readonly towerRowId: number;
  readonly vectorIndex: ManagedVectorIndex;
  readonly indexer: Indexer;
  readonly indexPool: EmbedWorkerPool;
  readonly search: SearchService;
  readonly classify: ClassifyService;
  readonly undo: UndoService;
  readonly fileJournal: FileJournal;
  readonly history: HistoryJournal;
  readonly marks: PhotoMarksService;
  readonly duplicates: DuplicatesService;
  readonly tags: TagService;
  readonly serving: ServingTower;
  readonly deviceChoice: DeviceChoice;
  readonly logger: Logger;
  readonly logFile: string | null;

  private constructor(
    parts: LumenServicesParts,
    /** Holds what `open` created, in order; disposing it closes them in reverse. */
    private readonly resources: DisposableStore,
  ) {
    this.libraryDir = parts.libraryDir;
    this.db = parts.db;
    this.photos = parts.photos;
    this.embeddings = parts.embeddings;
    this.settings = parts.settings;
    this.worker = parts.worker;
    this.model = parts.model;
    this.towerRowId = parts.towerRowId;
    this.vectorIndex = parts.vectorIndex;
    this.indexer = parts.indexer;
    this.indexPool = parts.indexPool;
    this.search = parts.search;
    this.classify = parts.classify;
    this.undo = parts.undo;
    this.fileJournal = parts.fileJournal;
    this.history = parts.history;
    this.marks = parts.marks;
    this.duplicates = parts.duplicates;
    this.tags = parts.tags;
    this.serving = parts.serving;
    this.deviceChoice = parts.deviceChoice;
    this.logger = parts.logger;
    this.logFile = parts.logFile;
  }

  static async open(options: LumenOptions): Promise<LumenServices> {
    const libraryDir = resolve(options.libraryDir);
    // The one place a log is opened: the caller's (tests pass one that records), else the library's file.
    const file = options.logger ? null : openFileLogger(libraryDir, options.processName ? { process: options.processName } : {});
    const logger = options.logger ?? (file as FileLogger).logger;
    const resources = new DisposableStore(logger.child({ service: 'lifecycle' }));
    if (file) resources.add(toDisposable(() => file.close()));
    try {
      const db = LibraryDb.open(libraryDir);
      resources.add(toDisposable(() => db.close()));
      const photos = new PhotoRepository(db);
      const embeddings = new EmbeddingRepository(db);
      const settings = new SettingsRepository(db);
      const modelFolder = resolveModelFolder(options.modelFolder, settings.get(SETTING_MODEL_FOLDER));
      const backend = options.vectorBackend ?? parseBackendSetting(settings.get(SETTING_VECTOR_BACKEND));
      const workerLogger = logger.child({ service: 'embed-worker' });
      const worker = resources.add(EmbedWorkerClient.start({ logger: workerLogger, ...(options.workerEntry ? { entry: options.workerEntry } : {}) }));
      const deviceChoice = options.device ?? settings.getChoice(SETTING_DEVICE, DEVICE_CHOICES);
      const device = deviceChoice ? { device: deviceChoice } : {};
      // An installed model's files are checked against their install-time hashes on every load.
      const expectedSha256 = await installedFileHashes(modelFolder);
      const load = { folder: modelFolder, ...device, ...(expectedSha256 ? { expectedSha256 } : {}) };
      const fromSetting = options.modelFolder === undefined && settings.get(SETTING_MODEL_FOLDER) !== undefined;
      const model = await worker.call('load-model', load).catch((error: unknown) => Promise.reject(fromSetting ? withSettingHint(error) : error));
      const towerRowId = embeddings.ensureImageTower(model.imageTowerId, model.name, model.embedDim);
      // Rebuilds from the raw vectors after a backend switch or an interrupted write (before returning);
      // a layout change or IVF retraining the library size calls for happens in the background.
      // Closing it stops background index rebuilds (their workers exit; leftovers are dropped).
      const vectorIndex = openVectorIndex(db, backend, towerRowId, model.embedDim, { logger: logger.child({ service: 'vector-index' }) });
      resources.add(toDisposable(() => vectorIndex.close()));
      // Separate from the search worker, started only when a run has photos to embed.
      // Processes, onnxruntime threads and decodes at once from the cores and the provider in use (pool-shape.ts).
      const shape = indexPoolShape(thisMachine(model.executionProvider), options.indexWorkers);
      // Each run's workers load the model again: one whose files changed since (another image tower) is refused.
      const indexPool = new EmbedWorkerPool({
        size: shape.size,
        decodeConcurrency: shape.decodeConcurrency,
        model: { ...load, intraOpThreads: shape.intraOpThreads },
        libraryDir,
        imageTowerId: model.imageTowerId,
        logger: workerLogger,
        ...(options.workerEntry ? { workerEntry: options.workerEntry } : {}),
      });
      resources.add(toDisposable(() => indexPool.stop()));
      // After each run: a run that grew (or shrank) the library past a threshold starts a background rebuild.
      const indexer = new Indexer({
        db,
        photos,
        embeddings,
        vectorIndex,
        towerRowId,
        embedder: indexPool,
        batchSize: shape.batchSize,
        logger: logger.child({ service: 'indexer' }),
        afterRun: () => vectorIndex.checkLayout(),
      });
      // Searching, tagging and classifying read the serving tower; indexing fills the chosen one.
      const serving = await openServingTower(
        { db, settings, embeddings, photos, encoder: worker, backend, ...device },
        { folder: modelFolder, model, towerRowId, vectorIndex },
      );
      if (serving.previous) resources.add(toDisposable(() => serving.vectorIndex.close()));
      const search = new SearchService({
        db,
        photos,
        embeddings,
        vectorIndex: serving.vectorIndex,
        towerRowId: serving.towerRowId,
        encoder: worker,
        modelName: serving.model.name,
        embedDim: serving.model.embedDim,
        scoreRule: serving.model.scoreRule,
      });
      const journal = new FileJournal(db);
      const history = new HistoryJournal(db);
      // One mover for every copy and move, so that they take their turns on one journal and lock.
      const mover = new FileMover(journal, logger.child({ service: 'file-mover' }), history);
      const classify = new ClassifyService({
        categories: new CategoryRepository(db),
        photos,
        embeddings,
        encoder: worker,
        towerRowId: serving.towerRowId,
        embedDim: serving.model.embedDim,
        scoreRule: serving.model.scoreRule,
        mover,
        history,
      });
      const undo = new UndoService(journal);
      const duplicates = new DuplicatesService({
        db,
        photos,
        embeddings,
        towerRowId: serving.towerRowId,
        mover,
        indexes: () => [vectorIndex, serving.vectorIndex],
      });
      const tags = resources.add(
        new TagService({
          db,
          tags: new TagRepository(db),
          photos,
          embeddings,
          encoder: worker,
          towerRowId: serving.towerRowId,
          embedDim: serving.model.embedDim,
          scoreRule: serving.model.scoreRule,
          keywords: new KeywordWriter(),
          history,
        }),
      );
      // Photos read before regions were stored take theirs from their stored GPS, in the background.
      const regionFill = new CancellationTokenSource();
      const placesLogger = logger.child({ service: 'places' });
      const fillingRegions = fillPlaceRegions(db, () => Gazetteer.load(), regionFill.token, placesLogger).catch((error: unknown) =>
        placesLogger.error(errorFields(error), 'filling regions from stored GPS failed; lumen index --refresh-metadata reads them again'),
      );
      resources.add(
        toDisposable(async () => {
          regionFill.cancel();
          await fillingRegions;
        }),
      );
      const parts: LumenServicesParts = {
        libraryDir,
        db,
        photos,
        embeddings,
        settings,
        worker,
        model,
        towerRowId,
        vectorIndex,
        indexer,
        indexPool,
        search,
        classify,
        undo,
        fileJournal: journal,
        history,
        marks: new PhotoMarksService({ marks: new PhotoMarksRepository(db), history }),
        duplicates,
        tags,
        serving,
        deviceChoice: deviceChoice ?? 'cpu',
        logger,
        logFile: file?.path ?? null,
      };
      return new LumenServices(parts, resources);
    } catch (error) {
      await resources.dispose().catch((closing: unknown) => logger.error(errorFields(closing), 'closing after a failed open failed as well'));
      throw error;
    }
  }

  status(includeErrors: boolean): LibraryStatus {
    const errorList = this.photos.listErrors().map((e) => ({ path: e.path, reason: e.reason, failedAt: e.failedAt }));
    const skippedRecord = new SkippedFilesRecord(this.settings, this.logger);
    const status: LibraryStatus = {
      library: this.libraryDir,
      photos: this.photos.countPhotos(),
      items: this.photos.countItems(),
      embedded: this.embeddings.countEmbeddings(this.towerRowId),
      errors: errorList.length,
      roots: this.photos.listRoots().map((root) => {
        const skipped = skippedRecord.read(root.path);
        return {
          path: root.path,
          photos: this.photos.countPhotos(root.id),
          items: this.photos.countItems(root.id),
          online: root.online,
          lastScanAt: root.lastScanAt,
          ...(skipped ? { skipped } : {}),
        };
      }),
      vectorBackend: this.vectorIndex.backend,
      model: this.model,
    };
    if (this.serving.previous) status.servingModel = this.serving.model;
    if (includeErrors) status.errorList = errorList;
    if (this.logFile) status.logFile = this.logFile;
    const placeStats = new PlaceStats(this.db);
    status.metadata = placeStats.counts();
    status.places = placeStats.listPlaces();
    return status;
  }

  /**
   * Closes what `open` created, last first (the tag service, the index pool, the vector indexes, the
   * search worker, the database, the log). Idempotent: a session that replaced these services and
   * the command that opened them may both call it.
   */
  dispose(): Promise<void> {
    return this.resources.dispose();
  }
}

/** What to do when the library's model.folder setting names a folder that is gone or broken. */
const SETTING_HINT = `the library's ${SETTING_MODEL_FOLDER} setting names it: choose another with \`lumen model use <id>\` or \`lumen config set ${SETTING_MODEL_FOLDER} <folder>\`, or give --model <folder>`;

function resolveModelFolder(fromOption: string | undefined, fromSetting: string | undefined): string {
  const folder = resolve(fromOption ?? fromSetting ?? bundledModelFolder());
  if (!existsSync(folder)) {
    const hint = fromOption
      ? 'check the --model path'
      : fromSetting
        ? SETTING_HINT
        : 'run `bash scripts/demo.sh` (or `npm run gen:model`) to build the bundled demo model';
    throw new LumenFailure('missing-model', `model folder not found: ${folder} (${hint})`);
  }
  return folder;
}

/** A model that came from the setting and does not load: the reason, and how to choose another. */
function withSettingHint(error: unknown): unknown {
  if (!(error instanceof LumenFailure) || (error.code !== 'missing-model' && error.code !== 'bad-model')) return error;
  return new LumenFailure(error.code, `${error.message}; ${SETTING_HINT}`);
}

export function parseBackendSetting(value: string | undefined): VectorBackendName {
  if (value === undefined) return DEFAULT_VECTOR_BACKEND;
  if (value === 'vss' || value === 'vec') return value;
  throw new LumenFailure('bad-setting', `setting ${SETTING_VECTOR_BACKEND} must be "vss" or "vec", not "${value}"`);
}
