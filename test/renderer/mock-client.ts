/**
 * THE one mock of Lumen's API, for component tests: an in-memory library that answers the contract
 * the way the services do, with indexing the test advances by hand. Every call goes through the
 * services' own validated dispatcher (src-common/validated-dispatcher.ts) first, so an argument the
 * real app would refuse is refused here too. Every call is recorded so tests can check what the
 * window asked for. Changes are pushed as the contract's events, as the services push them.
 */
import type { IndexingAction, IndexingState, PhotoDetails, PhotoPage, PhotoPageRequest, PhotoSummary } from '../../src-common/contract-app';
import type {
  CategorySetSummary,
  ClassifiedPhoto,
  ClassifyResponse,
  LibraryStatus,
  PlaceCount,
  SearchRequest,
  SearchResponse,
  SkippedFiles,
  TagSuggestion,
  TagSummary,
  UndoResponse,
} from '../../src-common/contract';
import type {
  ClassifyFilesRequest,
  ClassifyImageRequest,
  NewCategoryRequest,
  NewTagRequest,
  RenameTagRequest,
  SuggestionDecision,
  TagPhotosRequest,
  TagRunRequest,
  TagRunState,
} from '../../src-common/contract-organize';
import type { MarkedPhoto, PhotoDay, PhotoListingRequest, PhotoMarks, PhotoMarksChange } from '../../src-common/contract-browse';
import type {
  CatalogModelSummary,
  DeviceChoice,
  DeviceSettings,
  InstallModelRequest,
  InstalledModelSummary,
  ModelCatalogState,
  ModelInstallState,
  ModelsState,
} from '../../src-common/contract-settings';
import type { LibraryLocation, MenuCommand } from '../../src-common/lumen-host';
import { LUMEN_METHODS, type LumenMethod } from '../../src-common/contract';
import { err, LumenFailure, ok, type Result } from '../../src-common/result';
import { createValidatedDispatcher, type ApiHandlers } from '../../src-common/validated-dispatcher';
import type { ConnectionState, LumenClient } from '../../src-renderer/src/api/lumen-client';
import { SERVER_UNREACHABLE } from '../../src-renderer/src/api/http-client';
import { LumenEventHub, type LumenEventHandler, type LumenEventName } from '../../src-common/contract-events';
import { NO_MARKS, photoDays, sortedPhotos } from './mock-listing';
import type { DuplicateGroup, FolderNode, MoveDuplicatesRequest, MoveDuplicatesResponse, PhotoSpot } from '../../src-common/contract-library-views';
import { inMockListing, mockFolderTree, mockPhotoSpots } from './mock-library-views';
import type { CategoryEditRequest, CategoryRef, FileIntoRequest, TagDescriptionsRequest } from '../../src-common/contract-categories';
import { categoryKey, editedCategory, withFiledCounts } from './mock-categories';
import type { HistoryEntry, HistoryUndoRequest, HistoryUndoResult } from '../../src-common/contract-history';

export interface MockPhoto extends PhotoSummary {
  folder: string;
  /** Words the mock's "model" matches queries against. */
  words: string;
}

/** An installed model of the mock; `imageTowerId` decides whether switching to it re-embeds. */
export interface MockModel {
  id: string;
  name: string;
  family: string;
  embedDim: number;
  imageTowerId: string;
}

export class MockLumenClient implements LumenClient {
  /** Tests of desktop-only controls set 'desktop'. */
  shell: 'desktop' | 'browser' = 'browser';
  /** The installed models; the first is in use. */
  models: MockModel[] = [
    { id: 'shapes-lit', name: 'shapes-lit', family: 'clip', embedDim: 32, imageTowerId: 'abc' },
    { id: 'shapes-lit-text', name: 'shapes-lit-text', family: 'clip', embedDim: 32, imageTowerId: 'abc' },
    { id: 'shapes-big', name: 'shapes-big', family: 'siglip', embedDim: 64, imageTowerId: 'def' },
  ];
  modelInUse = 'shapes-lit';
  /** While another image tower's vectors are being made: the model still answering searches, and progress. */
  switching: { serving: string; embedded: number } | null = null;
  device: { choice: DeviceChoice; loadedWith: DeviceChoice; inUse: string } = { choice: 'cpu', loadedWith: 'cpu', inUse: 'cpu' };
  /** Desktop only: the library location the shell reports, and the folder its picker returns. */
  location: LibraryLocation = { path: '/home/you/.local/share/lumen/library', source: 'default', defaultPath: '/home/you/.local/share/lumen/library' };
  pickedLibrary: string | null = null;
  relaunches = 0;
  readonly calls: Array<{ method: string; arg: unknown }> = [];
  /** Favourites, ratings and rotations by photo id (none when absent). */
  readonly marks = new Map<number, PhotoMarks>();
  photos: MockPhoto[] = [];
  folders: string[] = [];
  indexing: IndexingState = { current: null, queued: [], progress: null, lastSummary: null, lastError: null };
  private readonly menuListeners = new Set<(command: MenuCommand) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  /** The events the window hears; a listener's throw fails the test. */
  readonly events = new LumenEventHub((error) => {
    throw error;
  });
  /** Photos the next finishIndexing() adds, per folder. */
  private readonly pending = new Map<string, MockPhoto[]>();
  tags = new Map<string, MockTag>();
  tagRun: TagRunState = { running: false, tags: [], progress: null, lastSummary: null, lastError: null };
  private tagRunPhotos: MockPhoto[] = [];
  categorySets = new Map<string, CategorySetSummary>();
  /** Copies and moves made by classifyFiles, for undoLast. */
  batches: Array<{ id: number; action: 'copy' | 'move'; moves: Array<{ from: string; to: string }>; filed?: { key: string; ids: number[] } }> = [];
  private lastBatchId = 0;
  /** Photo ids filed by hand into each category (categoryKey), until undoLast takes the filing back. */
  readonly filed = new Map<string, Set<number>>();

  constructor() {
    routeThroughDispatcher(this);
  }

  /** A library of `count` photos in one folder, named by colour and shape. */
  /** The places facet getStatus reports (none when empty). */
  readonly places: PlaceCount[] = [];

  /** Date source, zone, GPS and place that getPhoto reports, per photo id (none when not set). */
  readonly whereAndWhen = new Map<number, Pick<PhotoDetails, 'takenAtSource' | 'timeOffset' | 'location' | 'place'>>();

  static withPhotos(count: number, folder = '/photos/Shapes'): MockLumenClient {
    const client = new MockLumenClient();
    client.folders.push(folder);
    const words = ['red circle', 'blue star', 'green square', 'pink triangle'];
    for (let i = 0; i < count; i++) client.photos.push(mockPhoto(i + 1, folder, words[i % words.length] ?? 'photo'));
    return client;
  }

  private record(method: string, arg?: unknown): void {
    this.calls.push({ method, arg });
  }

  callsOf(method: string): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.arg);
  }

  async getStatus(): Promise<Result<LibraryStatus>> {
    this.record('getStatus');
    return ok({
      library: '/home/you/.local/share/lumen/library',
      photos: this.photos.length,
      items: this.photos.length,
      embedded: this.photos.length,
      errors: 1,
      errorList: [{ path: '/photos/Shapes/broken.jpg', reason: 'file is truncated or damaged', failedAt: '2026-11-25T06:00:00Z' }],
      roots: this.folders.map((path) => {
        const photos = this.photos.filter((p) => p.folder === path).length;
        const skipped = this.skippedIn.get(path);
        return { path, photos, items: photos, online: true, lastScanAt: null, ...(skipped ? { skipped } : {}) };
      }),
      vectorBackend: 'vec',
      model: this.modelStatus(this.modelInUse),
      ...(this.places.length > 0 ? { places: this.places } : {}),
      ...(this.switching ? { servingModel: this.modelStatus(this.switching.serving), embedded: this.switching.embedded } : {}),
    });
  }

  private modelStatus(id: string): NonNullable<LibraryStatus['model']> {
    const model = this.models.find((m) => m.id === id) ?? (this.models[0] as MockModel);
    return {
      name: model.name,
      folder: `/models/${model.id}`,
      embedDim: model.embedDim,
      imageTowerId: model.imageTowerId,
      executionProvider: this.device.inUse,
      scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'family-default' },
    };
  }

  // ---- Settings: models and device.

  private modelsState(): ModelsState {
    const models: InstalledModelSummary[] = this.models.map((m) => ({ ...m, active: m.id === this.modelInUse }));
    const current = this.modelStatus(this.modelInUse);
    const switching = this.switching ? { serving: this.switching.serving, embedded: this.switching.embedded, photos: this.photos.length } : null;
    return {
      modelsDir: '/home/you/.local/share/lumen/models',
      models,
      current: { name: current.name, folder: current.folder },
      switching,
      restartNeeded: false,
    };
  }

  async listModels(): Promise<Result<ModelsState>> {
    this.record('listModels');
    return ok(this.modelsState());
  }

  async useModel(id: string): Promise<Result<ModelsState>> {
    this.record('useModel', id);
    const model = this.models.find((m) => m.id === id);
    if (!model) return err('missing-model', `no installed model with id "${id}"`);
    if (id === this.modelInUse) return ok(this.modelsState());
    if (this.indexing.current) return err('busy', 'indexing or auto-tagging is running; wait for it to finish (or stop it) before switching models');
    const previous = this.models.find((m) => m.id === this.modelInUse) as MockModel;
    this.modelInUse = id;
    if (model.imageTowerId !== previous.imageTowerId && this.photos.length > 0)
      this.switching = { serving: this.switching?.serving ?? previous.id, embedded: 0 };
    else this.switching = null;
    return ok(this.modelsState());
  }

  /** Every photo now has a vector for the chosen model: it answers searches. */
  finishSwitch(): void {
    this.switching = null;
    this.events.fire('libraryChanged', { reason: 'reopened' });
  }

  async addModel(folder: string): Promise<Result<ModelsState>> {
    this.record('addModel', folder);
    if (!folder.startsWith('/')) return err('bad-argument', `folder must be an absolute path, not "${folder}"`);
    const id = folder.slice(folder.lastIndexOf('/') + 1);
    if (this.models.some((m) => m.id === id)) return err('model-exists', `a model with id "${id}" is already installed; remove it first or pick another --id`);
    this.models.push({ id, name: id, family: 'clip', embedDim: 32, imageTowerId: `tower-${id}` });
    return ok(this.modelsState());
  }

  /** The catalogue the mock offers; `installed` is worked out from `models`. */
  catalog: Array<Omit<CatalogModelSummary, 'installed'>> = [
    {
      id: 'clip-vit-b32',
      name: 'CLIP ViT-B/32 (OpenAI)',
      family: 'clip',
      languages: ['en'],
      quality: 'ImageNet zero-shot top-1 63.3 %.',
      qualitySource: 'OpenCLIP results',
      downloadBytes: 155_851_446,
      sizeKnown: true,
      pinned: true,
      caveats: [],
    },
  ];

  /** Installs in flight, finished by the test with `finishInstall` (progress is pushed as events, as the services do). */
  private installing = new Map<string, { resolve: (result: Result<ModelsState>) => void; state: ModelInstallState }>();

  async modelCatalog(): Promise<Result<ModelCatalogState>> {
    this.record('modelCatalog');
    const real = this.models.filter((m) => !m.id.startsWith('shapes-lit'));
    return ok({
      models: this.catalog.map((m) => ({ ...m, installed: this.models.some((installed) => installed.id === m.id) })),
      recommended: 'clip-vit-b32',
      onlyDemoModel: real.length === 0,
      usingDemoModel: this.modelInUse.startsWith('shapes-lit'),
      photos: this.photos.length,
    });
  }

  async installModel(request: InstallModelRequest): Promise<Result<ModelsState>> {
    this.record('installModel', request);
    const state: ModelInstallState = {
      source: request.source,
      phase: 'downloading',
      file: null,
      fileIndex: 0,
      fileCount: 2,
      received: 0,
      total: 1000,
      notices: [],
    };
    this.events.fire('modelInstall', { ...state });
    return new Promise((resolve) => this.installing.set(request.source, { resolve, state }));
  }

  /** Pushes an install's progress: `received` of its 1000 bytes. */
  installProgress(source: string, received: number): void {
    const install = this.installing.get(source);
    if (!install) throw new Error(`no install of ${source} in flight`);
    install.state = { ...install.state, file: 'onnx/vision_model.onnx', fileIndex: 1, received };
    this.events.fire('modelInstall', { ...install.state });
  }

  finishInstall(source: string): void {
    const install = this.installing.get(source);
    if (!install) throw new Error(`no install of ${source} in flight`);
    this.installing.delete(source);
    const entry = this.catalog.find((m) => m.id === source);
    this.models.push({ id: source, name: entry?.name ?? source, family: entry?.family ?? 'clip', embedDim: 512, imageTowerId: `tower-${source}` });
    this.events.fire('modelInstall', { ...install.state, phase: 'installed', received: install.state.total ?? 0 });
    install.resolve(ok(this.modelsState()));
  }

  // ---- History: entries a test records (newest first), each with what its undo says.

  readonly history: Array<HistoryEntry & { sentence: string }> = [];
  private readonly decidedConfidence = new Map<string, number>();

  /** Records a change as the services would; the window hears `historyChanged`. */
  recordHistory(description: string, sentence: string, kind: HistoryEntry['kind'] = 'move', cannotUndo?: string): void {
    const id = (this.history[0]?.id ?? 0) + 1;
    this.history.unshift({ id, kind, description, at: '2026-05-01T10:00:00.000Z', undoneAt: null, sentence, ...(cannotUndo ? { cannotUndo } : {}) });
    this.events.fire('historyChanged', { reason: 'recorded' });
  }

  async listHistory(): Promise<Result<HistoryEntry[]>> {
    this.record('listHistory');
    return ok(this.history.map(({ sentence: _, ...entry }) => entry));
  }

  async undoHistoryEntry(request: HistoryUndoRequest): Promise<Result<HistoryUndoResult>> {
    this.record('undoHistoryEntry', request);
    const entry = request.id === undefined ? this.history.find((e) => e.undoneAt === null) : this.history.find((e) => e.id === request.id);
    if (!entry) return err('nothing-to-undo', 'there is nothing to undo');
    if (entry.cannotUndo) return err('cannot-undo', `“${entry.description}” can no longer be undone: ${entry.cannotUndo}.`);
    entry.undoneAt = '2026-05-01T10:05:00.000Z';
    const batch = this.batches.find((b) => b.id === entry.batchId);
    const files = batch ? this.putBack(batch) : undefined;
    this.events.fire('historyChanged', { reason: 'undone' });
    const { sentence, ...undone } = entry;
    return ok({ entry: undone, sentence, ...(files ? { files } : {}) });
  }

  excludePatterns: string[] = [];
  /** What each folder's last scan passed over, as `getStatus` reports it. */
  readonly skippedIn = new Map<string, SkippedFiles>();

  async getExcludePatterns(): Promise<Result<string[]>> {
    this.record('getExcludePatterns');
    return ok([...this.excludePatterns]);
  }

  async setExcludePatterns(patterns: string[]): Promise<Result<string[]>> {
    this.record('setExcludePatterns', patterns);
    if (patterns.some((pattern) => pattern.trim().startsWith('#')))
      return err('bad-argument', 'a pattern that starts with # would be a comment in gitignore syntax');
    this.excludePatterns = [...new Set(patterns.map((pattern) => pattern.trim()))];
    return ok([...this.excludePatterns]);
  }

  async cancelModelInstall(): Promise<Result<boolean>> {
    this.record('cancelModelInstall');
    const [source, install] = [...this.installing.entries()][0] ?? [];
    if (!source || !install) return ok(false);
    this.installing.delete(source);
    this.events.fire('modelInstall', { ...install.state, phase: 'cancelled' });
    install.resolve(err('cancelled', `the download of ${source} was cancelled; what arrived is kept, and the same command resumes it`));
    return ok(true);
  }

  async removeModel(id: string): Promise<Result<ModelsState>> {
    this.record('removeModel', id);
    if (!this.models.some((m) => m.id === id)) return err('missing-model', `no installed model with id "${id}"`);
    if (id === this.modelInUse) return err('model-in-use', `${id} is this library's model (or answers its searches); choose another model first`);
    this.models = this.models.filter((m) => m.id !== id);
    return ok(this.modelsState());
  }

  private deviceState(): DeviceSettings {
    const { choice, loadedWith, inUse } = this.device;
    return {
      choice,
      choices: ['auto', 'cpu', 'cuda'],
      inUse,
      ...(choice !== 'cpu' && inUse === 'cpu' ? { note: `--device ${choice}: using the CPU (cuda did not start)` } : {}),
      restartNeeded: choice !== loadedWith,
    };
  }

  async getDevice(): Promise<Result<DeviceSettings>> {
    this.record('getDevice');
    return ok(this.deviceState());
  }

  /** Like the services: reloads at once when idle (this mock's "GPU" never starts), else waits for a restart. */
  async setDevice(choice: DeviceChoice): Promise<Result<DeviceSettings>> {
    this.record('setDevice', choice);
    this.device = { ...this.device, choice };
    if (!this.indexing.current) this.device = { choice, loadedWith: choice, inUse: 'cpu' };
    return ok(this.deviceState());
  }

  async search(request: SearchRequest): Promise<Result<SearchResponse>> {
    this.record('search', request);
    const words = request.text
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '' && w !== 'a');
    const like = request.like?.[0];
    const likeWords = this.photos.find((p) => p.id === like)?.words ?? '';
    const scored = this.photos
      .filter((p) => p.id !== like)
      .map((p) => ({ p, score: words.filter((w) => p.words.includes(w)).length / Math.max(1, words.length) + (likeWords && p.words === likeWords ? 0.5 : 0) }))
      .sort((a, b) => b.score - a.score || a.p.id - b.p.id)
      .slice(0, request.limit);
    return ok({
      query: request.text,
      model: 'shapes-lit',
      vectorBackend: 'vec',
      negative: [],
      like: like === undefined ? [] : [Number(like)],
      offset: 0,
      // No calibration here: every hit counts as close (the e2e suite checks the real cut-off).
      closeMatches: scored.length,
      hits: scored.map(({ p, score }, i) => ({
        rank: i + 1,
        photoId: p.id,
        path: p.path,
        score,
        match: Math.min(1, score),
        close: true,
        textMatch: false,
        width: p.width,
        height: p.height,
        takenAt: p.takenAt,
        takenAtSource: null,
        timeOffset: null,
        location: null,
        place: null,
      })),
    });
  }

  async listPhotos(request: PhotoPageRequest): Promise<Result<PhotoPage>> {
    this.record('listPhotos', request);
    const all = this.listing(request);
    return ok({ total: all.length, offset: request.offset, photos: all.slice(request.offset, request.offset + request.limit) });
  }

  async listPhotoDays(request: PhotoListingRequest): Promise<Result<PhotoDay[]>> {
    this.record('listPhotoDays', request);
    if (request.sort === 'name' || request.sort === 'added') return ok([]);
    return ok(photoDays(this.listing(request)));
  }

  /** The photos a listing shows, in its order. */
  private listing(request: PhotoListingRequest): MockPhoto[] {
    const tagged = request.tag ? this.tags.get(request.tag)?.accepted : undefined;
    const marks = (id: number): PhotoMarks => this.marks.get(id) ?? NO_MARKS;
    // A folder whose removal can still be undone is left out.
    const shown = this.photos.filter((p) => !request.exceptFolders?.includes(p.folder));
    return sortedPhotos(
      shown.filter(
        (p) =>
          inMockListing(p, request, this.whereAndWhen.get(p.id)) &&
          (!request.tag || tagged?.has(p.id)) &&
          (!request.category || this.filed.get(categoryKey(request.category.set, request.category.name))?.has(p.id)) &&
          (!request.favourites || marks(p.id).favourite) &&
          (request.minRating === undefined || marks(p.id).rating >= request.minRating),
      ),
      request.sort,
    );
  }

  async getPhotoMarks(photoIds: number[]): Promise<Result<MarkedPhoto[]>> {
    this.record('getPhotoMarks', photoIds);
    const unknown = photoIds.find((id) => !this.photos.some((p) => p.id === id));
    if (unknown !== undefined) return err('unknown-photo', `no photo with id ${unknown} in this library`);
    return ok(photoIds.map((photoId) => ({ photoId, ...(this.marks.get(photoId) ?? NO_MARKS) })));
  }

  /** The groups listDuplicates answers (the test sets them; moved photos leave them). */
  duplicateGroups: DuplicateGroup[] = [];
  /** Photos moveDuplicates took out of the library, by path, until their batch is undone. */
  private readonly setAside = new Map<string, MockPhoto>();

  async listDuplicates(): Promise<Result<DuplicateGroup[]>> {
    this.record('listDuplicates');
    const present = new Set(this.photos.map((p) => p.id));
    return ok(
      this.duplicateGroups.map((group) => ({ ...group, photos: group.photos.filter((p) => present.has(p.id)) })).filter((group) => group.photos.length > 1),
    );
  }

  async moveDuplicates(request: MoveDuplicatesRequest): Promise<Result<MoveDuplicatesResponse>> {
    this.record('moveDuplicates', request);
    if (this.folders.some((root) => request.folder === root || request.folder.startsWith(`${root}/`)))
      return err(
        'inside-library-folder',
        `${request.folder} is inside the library folder, so the photos would be found there again: choose a folder outside the library.`,
      );
    const moving = this.photos.filter((p) => request.photos.includes(p.id));
    const moves = moving.map((p) => ({ from: p.path, to: `${request.folder}/${p.path.slice(p.path.lastIndexOf('/') + 1)}` }));
    for (const photo of moving) this.setAside.set(photo.path, photo);
    this.photos = this.photos.filter((p) => !request.photos.includes(p.id));
    const batchId = ++this.lastBatchId;
    this.fileBatch({ id: batchId, action: 'move', moves });
    return ok({ batchId, moved: moving.map((p, i) => ({ photoId: p.id, from: p.path, to: moves[i]?.to ?? '' })), failed: [] });
  }

  async listFolderTree(): Promise<Result<FolderNode[]>> {
    this.record('listFolderTree');
    return ok(mockFolderTree(this.folders, this.photos));
  }

  async listPhotoSpots(): Promise<Result<PhotoSpot[]>> {
    this.record('listPhotoSpots');
    return ok(mockPhotoSpots(this.photos, this.whereAndWhen));
  }

  async getPhotoTags(photoId: number): Promise<Result<string[]>> {
    this.record('getPhotoTags', photoId);
    if (!this.photos.some((p) => p.id === photoId)) return err('unknown-photo', `no photo with id ${photoId} in this library`);
    return ok(
      [...this.tags]
        .filter(([, tag]) => tag.accepted.has(photoId))
        .map(([name]) => name)
        .sort((a, b) => a.localeCompare(b)),
    );
  }

  async setPhotoMarks(change: PhotoMarksChange): Promise<Result<MarkedPhoto[]>> {
    this.record('setPhotoMarks', change);
    const { photos, ...marks } = change;
    const unknown = photos.find((id) => !this.photos.some((p) => p.id === id));
    if (unknown !== undefined) return err('unknown-photo', `no photo with id ${unknown} in this library`);
    for (const id of photos) this.marks.set(id, { ...(this.marks.get(id) ?? NO_MARKS), ...marks });
    return ok(photos.map((photoId) => ({ photoId, ...(this.marks.get(photoId) ?? NO_MARKS) })));
  }

  async getPhoto(photoId: number): Promise<Result<PhotoDetails>> {
    this.record('getPhoto', photoId);
    const photo = this.photos.find((p) => p.id === photoId);
    if (!photo) return err('unknown-photo', `no photo with id ${photoId} in this library`);
    const { words: _words, ...summary } = photo;
    const where = this.whereAndWhen.get(photoId) ?? { takenAtSource: null, timeOffset: null, location: null, place: null };
    return ok({ ...summary, size: 48_000, format: 'jpeg', cameraMake: 'Canon', cameraModel: 'EOS R6', indexedAt: '2026-11-25T06:00:00Z', ...where });
  }

  async addFolder(path: string): Promise<Result<IndexingState>> {
    this.record('addFolder', path);
    if (!path.startsWith('/')) return err('bad-argument', `folder must be an absolute path, not "${path}"`);
    if (!this.folders.includes(path)) this.folders.push(path);
    this.pending.set(
      path,
      Array.from({ length: 8 }, (_, i) => mockPhoto(this.photos.length + i + 1, path, i % 2 ? 'red circle' : 'blue star')),
    );
    this.indexing = {
      ...this.indexing,
      current: path,
      progress: { found: 8, done: 3, skipped: 0, failed: 0, photosPerSecond: 12.5, etaSeconds: 4, scanning: false, paused: false },
    };
    this.events.fire('indexProgress', this.indexing);
    return ok(this.indexing);
  }

  /** Ends the run in progress: its photos join the library. */
  finishIndexing(): void {
    const folder = this.indexing.current;
    if (!folder) return;
    const added = this.pending.get(folder) ?? [];
    this.photos.push(...added);
    this.pending.delete(folder);
    this.indexing = {
      current: null,
      queued: [],
      progress: null,
      lastError: null,
      lastSummary: {
        roots: [folder],
        found: added.length,
        indexed: added.length,
        reused: 0,
        unchanged: 0,
        failed: 0,
        vanished: 0,
        failedFolders: 0,
        skipped: { junk: 0, excluded: 0, unsupported: {} },
        removed: 0,
        offline: [],
        cancelled: false,
        seconds: 1,
      },
    };
    this.events.fire('indexProgress', this.indexing);
    this.events.fire('libraryChanged', { reason: 'indexed' });
  }

  async removeFolder(path: string): Promise<Result<LibraryStatus>> {
    this.record('removeFolder', path);
    this.folders = this.folders.filter((f) => f !== path);
    this.photos = this.photos.filter((p) => p.folder !== path);
    return this.getStatus();
  }

  async reindexAll(): Promise<Result<IndexingState>> {
    this.record('reindexAll');
    return ok(this.indexing);
  }

  async retryFailedFiles(): Promise<Result<IndexingState>> {
    this.record('retryFailedFiles');
    return ok(this.indexing);
  }

  async getIndexing(): Promise<Result<IndexingState>> {
    this.record('getIndexing');
    return ok(this.indexing);
  }

  async controlIndexing(action: IndexingAction): Promise<Result<IndexingState>> {
    this.record('controlIndexing', action);
    const progress = this.indexing.progress;
    if (progress && action !== 'cancel') this.indexing = { ...this.indexing, progress: { ...progress, paused: action === 'pause' } };
    if (action === 'cancel') this.indexing = { ...this.indexing, current: null, progress: null, queued: [] };
    this.events.fire('indexProgress', this.indexing);
    return ok(this.indexing);
  }

  // ---- Tags: suggestions are photos whose words contain the tag's name or one of its descriptions.

  async listTags(): Promise<Result<TagSummary[]>> {
    this.record('listTags');
    return ok([...this.tags.values()].sort((a, b) => a.name.localeCompare(b.name)).map(summarizeTag));
  }

  async addTag(request: NewTagRequest): Promise<Result<TagSummary>> {
    this.record('addTag', request);
    const existing = this.tags.get(request.name);
    const tag = existing ?? {
      name: request.name,
      descriptions: [],
      accepted: new Set<number>(),
      rejected: new Set<number>(),
      suggested: new Map<number, number>(),
    };
    tag.descriptions = [...new Set([...tag.descriptions, ...(request.descriptions ?? [])])];
    this.tags.set(tag.name, tag);
    return ok(summarizeTag(tag));
  }

  async renameTag(request: RenameTagRequest): Promise<Result<TagSummary>> {
    this.record('renameTag', request);
    const tag = this.tags.get(request.from);
    if (!tag) return err('unknown-tag', `no tag named "${request.from}"`);
    if (this.tags.has(request.to)) return err('tag-exists', `a tag named "${request.to}" exists already; merge into it instead`);
    this.tags.delete(request.from);
    tag.name = request.to;
    this.tags.set(tag.name, tag);
    return ok(summarizeTag(tag));
  }

  async deleteTag(name: string): Promise<Result<TagSummary[]>> {
    this.record('deleteTag', name);
    if (!this.tags.delete(name)) return err('unknown-tag', `no tag named "${name}"`);
    return this.listTags();
  }

  async tagPhotos(request: TagPhotosRequest): Promise<Result<TagSummary>> {
    this.record('tagPhotos', request);
    const tag = this.tags.get(request.tag);
    if (!tag) return err('unknown-tag', `no tag named "${request.tag}"`);
    for (const id of request.photos) {
      tag.accepted.add(id);
      tag.rejected.delete(id);
      tag.suggested.delete(id);
    }
    return ok(summarizeTag(tag));
  }

  async startTagRun(request: TagRunRequest): Promise<Result<TagRunState>> {
    this.record('startTagRun', request);
    if (this.tagRun.running) return err('busy', 'auto-tagging is already running; wait for it or cancel it');
    const unknown = request.tags.find((name) => !this.tags.has(name));
    if (unknown) return err('unknown-tag', `no tag named "${unknown}"`);
    this.tagRunPhotos = request.photos
      ? this.photos.filter((p) => request.photos?.includes(p.id))
      : this.photos.filter((p) => !request.folder || p.path.startsWith(`${request.folder}/`));
    const total = this.tagRunPhotos.length;
    this.tagRun = { running: true, tags: request.tags, progress: { done: Math.floor(total / 2), total }, lastSummary: null, lastError: null };
    return ok(this.tagRun);
  }

  /** Ends the auto-tag run in progress: its suggestions appear. */
  finishTagRun(): void {
    if (!this.tagRun.running) return;
    const suggested: Record<string, number> = {};
    for (const name of this.tagRun.tags) {
      const tag = this.tags.get(name) as MockTag;
      const words = [tag.name, ...tag.descriptions].map((w) => w.toLowerCase());
      this.tagRunPhotos.forEach((photo, i) => {
        if (tag.accepted.has(photo.id) || tag.rejected.has(photo.id)) return;
        if (words.some((w) => photo.words.includes(w))) tag.suggested.set(photo.id, Math.max(0.51, 0.97 - i * 0.01));
      });
      suggested[name] = tag.suggested.size;
    }
    const total = this.tagRunPhotos.length;
    this.tagRun = {
      running: false,
      tags: this.tagRun.tags,
      progress: { done: total, total },
      lastError: null,
      lastSummary: { tags: this.tagRun.tags, photos: total, suggested, cancelled: false, seconds: 0.4 },
    };
    this.events.fire('tagRunProgress', this.tagRun);
  }

  async getTagRun(): Promise<Result<TagRunState>> {
    this.record('getTagRun');
    return ok(this.tagRun);
  }

  /** While set, classifyFiles waits for it before answering (a batch in progress); cancelClassify ends the wait with `cancelled`. */
  classifyHold: Promise<void> | null = null;
  private readonly classifyWaiting = new Set<() => void>();

  /** Waits on classifyHold; true when cancelClassify ended the wait. */
  private async heldUntilCancelled(): Promise<boolean> {
    const hold = this.classifyHold;
    if (!hold) return false;
    return new Promise<boolean>((resolve) => {
      const cancel = (): void => resolve(true);
      this.classifyWaiting.add(cancel);
      void hold.then(() => {
        this.classifyWaiting.delete(cancel);
        resolve(false);
      });
    });
  }

  async cancelClassify(): Promise<Result<boolean>> {
    this.record('cancelClassify');
    const waiting = [...this.classifyWaiting];
    this.classifyWaiting.clear();
    for (const cancel of waiting) cancel();
    return ok(waiting.length > 0);
  }

  async cancelTagRun(): Promise<Result<TagRunState>> {
    this.record('cancelTagRun');
    if (this.tagRun.running)
      this.tagRun = { ...this.tagRun, running: false, lastSummary: { tags: this.tagRun.tags, photos: 0, suggested: {}, cancelled: true, seconds: 0.1 } };
    this.events.fire('tagRunProgress', this.tagRun);
    return ok(this.tagRun);
  }

  async listSuggestions(name: string): Promise<Result<TagSuggestion[]>> {
    this.record('listSuggestions', name);
    const tag = this.tags.get(name);
    if (!tag) return err('unknown-tag', `no tag named "${name}"`);
    return ok(
      [...tag.suggested]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .map(([photoId, confidence]) => ({ photoId, confidence, path: this.photos.find((p) => p.id === photoId)?.path ?? '' })),
    );
  }

  async decideSuggestions(request: SuggestionDecision): Promise<Result<TagSummary>> {
    this.record('decideSuggestions', request);
    const tag = this.tags.get(request.tag);
    if (!tag) return err('unknown-tag', `no tag named "${request.tag}"`);
    if (request.decision === 'clear') {
      // A decided suggestion becomes a suggestion again, with the confidence it had.
      for (const id of request.photos ?? []) {
        tag.accepted.delete(id);
        tag.rejected.delete(id);
        const confidence = this.decidedConfidence.get(`${tag.name}:${id}`);
        if (confidence !== undefined) tag.suggested.set(id, confidence);
      }
      return ok(summarizeTag(tag));
    }
    for (const id of request.photos ?? [...tag.suggested.keys()]) {
      const confidence = tag.suggested.get(id);
      if (confidence !== undefined) this.decidedConfidence.set(`${tag.name}:${id}`, confidence);
      tag.suggested.delete(id);
      // One decision per photo and tag, as in the library: the later one replaces the earlier.
      (request.decision === 'accept' ? tag.rejected : tag.accepted).delete(id);
      (request.decision === 'accept' ? tag.accepted : tag.rejected).add(id);
    }
    return ok(summarizeTag(tag));
  }

  // ---- Categories: a photo belongs to the category whose name its file name or words contain.

  async listCategorySets(): Promise<Result<CategorySetSummary[]>> {
    this.record('listCategorySets');
    return ok(withFiledCounts([...this.categorySets.values()], this.filed).sort((a, b) => a.name.localeCompare(b.name)));
  }

  async addCategory(request: NewCategoryRequest): Promise<Result<CategorySetSummary>> {
    this.record('addCategory', request);
    const set = this.categorySets.get(request.set) ?? { name: request.set, unsureBelow: 0.5, categories: [] };
    const existing = set.categories.find((c) => c.name === request.name);
    const category = {
      name: request.name,
      descriptions: [...new Set([...(existing?.descriptions ?? []), ...(request.descriptions ?? [])])],
      examples: 0,
      folder: request.folder ?? existing?.folder ?? null,
      photos: 0,
    };
    set.categories = [...set.categories.filter((c) => c.name !== request.name), category];
    this.categorySets.set(set.name, set);
    return ok(set);
  }

  async classifyFiles(request: ClassifyFilesRequest): Promise<Result<ClassifyResponse>> {
    this.record('classifyFiles', request);
    const set = this.categorySets.get(request.into);
    if (!set) return err('unknown-category-set', `no category set named "${request.into}"`);
    if (await this.heldUntilCancelled()) return err('cancelled', 'classifying was cancelled before any photo was copied or moved');
    const moves: Array<{ from: string; to: string }> = [];
    const photos = request.files.map((path) => {
      const words = `${path} ${this.photos.find((p) => p.path === path)?.words ?? ''}`.toLowerCase();
      const photo = classifyMock(set, path, words);
      if (request.action && photo.outcome !== 'unsure') {
        const folder = set.categories.find((c) => c.name === photo.outcome)?.folder ?? `${path.slice(0, path.lastIndexOf('/'))}/${photo.outcome}`;
        photo.destination = `${folder}/${path.slice(path.lastIndexOf('/') + 1)}`;
        moves.push({ from: path, to: photo.destination });
      }
      return photo;
    });
    let batchId: number | null = null;
    if (request.action && moves.length > 0) {
      batchId = ++this.lastBatchId;
      this.fileBatch({ id: batchId, action: request.action, moves });
    }
    return ok({ into: set.name, action: request.action ?? null, dryRun: false, batchId, photos });
  }

  async classifyImage(request: ClassifyImageRequest): Promise<Result<ClassifyResponse>> {
    this.record('classifyImage', request);
    const set = this.categorySets.get(request.into);
    if (!set) return err('unknown-category-set', `no category set named "${request.into}"`);
    // As the embed worker answers an empty file: its own outcome, not a refusal of the call.
    if (request.data === '')
      return ok({
        into: set.name,
        action: null,
        dryRun: false,
        batchId: null,
        photos: [{ path: request.name, outcome: 'unsure', ranked: [], destination: null, error: 'the file is empty (0 bytes)' }],
      });
    const words = `${request.name} ${typeof atob === 'function' ? atob(request.data) : ''}`.toLowerCase();
    return ok({ into: set.name, action: null, dryRun: false, batchId: null, photos: [classifyMock(set, request.name, words)] });
  }

  async undoLast(): Promise<Result<UndoResponse>> {
    this.record('undoLast');
    const batch = this.batches.at(-1);
    if (!batch) return err('nothing-to-undo', 'there is no copy or move to undo');
    // As the services do: a batch undone here counts as undone in the history too.
    const entry = this.history.find((e) => e.batchId === batch.id);
    if (entry) entry.undoneAt = '2026-05-01T10:05:00.000Z';
    return ok(this.putBack(batch));
  }

  /** A copy or move made: kept for undo, and recorded in the history as the services record it. */
  private fileBatch(batch: MockLumenClient['batches'][number]): void {
    this.batches.push(batch);
    const count = batch.moves.length;
    const sentence = batch.action === 'move' ? `Put ${count} photos back where they were.` : `Removed the ${count} copies Lumen had made.`;
    this.recordHistory(`${batch.action === 'move' ? 'Moved' : 'Copied'} ${count} photos`, sentence, batch.action);
    const recorded = this.history[0];
    if (recorded) recorded.batchId = batch.id;
  }

  /** Undoes one batch: its files go back, its photos return to the library, its filing ends. */
  private putBack(batch: MockLumenClient['batches'][number]): UndoResponse {
    this.batches.splice(this.batches.indexOf(batch), 1);
    for (const id of batch.filed?.ids ?? []) this.filed.get(batch.filed?.key ?? '')?.delete(id);
    for (const { from } of batch.moves) {
      const photo = this.setAside.get(from);
      if (photo && this.setAside.delete(from)) this.photos.push(photo);
    }
    return {
      batchId: batch.id,
      action: batch.action,
      description: `${batch.action} ${batch.moves.length} photos`,
      restored: batch.moves.map((m) => ({ from: m.to, to: batch.action === 'move' ? m.from : null })),
      kept: [],
    };
  }

  // ---- Editing tags' words and categories, filing by hand (mock-categories.ts).

  async describeTag(request: TagDescriptionsRequest): Promise<Result<TagSummary>> {
    this.record('describeTag', request);
    const tag = this.tags.get(request.name);
    if (!tag) return err('unknown-tag', `no tag named "${request.name}"`);
    tag.descriptions = [...request.descriptions];
    return ok(summarizeTag(tag));
  }

  async editCategory(request: CategoryEditRequest): Promise<Result<CategorySetSummary>> {
    this.record('editCategory', request);
    const set = this.categorySets.get(request.set);
    if (!set) return err('unknown-category-set', `no category set named "${request.set}"`);
    const edited = editedCategory(set, request, this.filed);
    if (!edited.ok) return edited;
    this.categorySets.set(set.name, edited.value);
    return ok(withFiledCounts([edited.value], this.filed)[0] as CategorySetSummary);
  }

  async deleteCategory(request: CategoryRef): Promise<Result<CategorySetSummary[]>> {
    this.record('deleteCategory', request);
    const set = this.categorySets.get(request.set);
    if (!set?.categories.some((c) => c.name === request.name))
      return err('unknown-category', `category set "${request.set}" has no category named "${request.name}"`);
    set.categories = set.categories.filter((c) => c.name !== request.name);
    if (set.categories.length === 0) this.categorySets.delete(set.name);
    this.filed.delete(categoryKey(request.set, request.name));
    return this.listCategorySets();
  }

  async fileIntoCategory(request: FileIntoRequest): Promise<Result<ClassifyResponse>> {
    this.record('fileIntoCategory', request);
    const category = this.categorySets.get(request.set)?.categories.find((c) => c.name === request.category);
    if (!category) return err('unknown-category', `category set "${request.set}" has no category named "${request.category}"`);
    const key = categoryKey(request.set, request.category);
    const members = this.filed.get(key) ?? new Set<number>();
    this.filed.set(key, members);
    const moves: Array<{ from: string; to: string }> = [];
    const ids: number[] = [];
    const photos = request.files.map((path): ClassifiedPhoto => {
      const photo = this.photos.find((p) => p.path === path);
      if (!photo) return { path, outcome: category.name, ranked: [], destination: null, error: `${path} is not there any more` };
      const destination = `${category.folder ?? `${path.slice(0, path.lastIndexOf('/'))}/${category.name}`}/${path.slice(path.lastIndexOf('/') + 1)}`;
      moves.push({ from: path, to: destination });
      if (!members.has(photo.id)) ids.push(photo.id);
      members.add(photo.id);
      return { path, outcome: category.name, ranked: [], destination };
    });
    const batchId = moves.length > 0 ? ++this.lastBatchId : null;
    if (batchId !== null) this.fileBatch({ id: batchId, action: request.action, moves, filed: { key, ids } });
    return ok({ into: request.set, action: request.action, dryRun: false, batchId, photos });
  }

  mediaUrl(kind: 'photo' | 'thumbnail', photoId: number): string {
    return `/media/${kind}/${photoId}`;
  }

  async chooseFolder(): Promise<string | null> {
    return null;
  }

  pathForFile(_file?: File): string | null {
    return null;
  }

  listen<E extends LumenEventName>(event: E, handler: LumenEventHandler<E>): () => void {
    return this.events.listen(event, handler);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** What the transport reports: the server went away, came back, or came back with a new token. */
  setConnection(state: ConnectionState): void {
    for (const listener of this.connectionListeners) listener(state);
  }

  /** While true every call fails as the browser client's do when `lumen serve` cannot be reached. */
  unreachable = false;

  /** The server stops: calls fail and the transport reports it. */
  goOffline(): void {
    this.unreachable = true;
    this.setConnection('offline');
  }

  /** The same server is back (the network returned): calls work and the transport reports it. */
  comeBack(): void {
    this.unreachable = false;
    this.setConnection('online');
  }

  onMenuCommand(listener: (command: MenuCommand) => void): () => void {
    this.menuListeners.add(listener);
    return () => this.menuListeners.delete(listener);
  }

  async libraryLocation(): Promise<LibraryLocation | null> {
    return this.shell === 'desktop' ? this.location : null;
  }

  async chooseLibrary(): Promise<boolean> {
    this.record('chooseLibrary');
    if (this.shell !== 'desktop' || this.pickedLibrary === null) return false;
    this.relaunches++;
    return true;
  }

  async useDefaultLibrary(): Promise<void> {
    this.record('useDefaultLibrary');
    if (this.shell === 'desktop') this.relaunches++;
  }

  sendMenuCommand(command: MenuCommand): void {
    for (const listener of this.menuListeners) listener(command);
  }
}

interface MockTag {
  name: string;
  descriptions: string[];
  accepted: Set<number>;
  rejected: Set<number>;
  suggested: Map<number, number>;
}

function summarizeTag(tag: MockTag): TagSummary {
  return {
    name: tag.name,
    descriptions: tag.descriptions,
    threshold: 0.5,
    ownThreshold: false,
    accepted: tag.accepted.size,
    rejected: tag.rejected.size,
    suggested: tag.suggested.size,
  };
}

/** The matching category gets 0.7, the rest share 0.3; no match is "unsure" with an even spread. */
function classifyMock(set: CategorySetSummary, path: string, words: string): ClassifiedPhoto {
  const match = set.categories.find((c) => [c.name, ...c.descriptions].some((w) => words.includes(w.toLowerCase())));
  const n = set.categories.length;
  const ranked = set.categories
    .map((c) => ({ category: c.name, probability: match ? (c === match ? 0.7 : 0.3 / Math.max(1, n - 1)) : 1 / n }))
    .sort((a, b) => b.probability - a.probability);
  return { path, outcome: match ? match.name : 'unsure', ranked, destination: null };
}

function mockPhoto(id: number, folder: string, words: string): MockPhoto {
  return { id, path: `${folder}/img-${String(id).padStart(6, '0')}.jpg`, folder, width: 640, height: 480, takenAt: null, hasThumbnail: true, words };
}

type MockCall = (arg?: unknown) => Promise<Result<unknown>>;

/**
 * Replaces each contract method of the mock by the validated dispatcher over the mock's own
 * answer: the argument is parsed by the method's schema (refused with bad-argument, or normalized
 * like the services receive it), then the mock answers.
 */
function routeThroughDispatcher(client: MockLumenClient): void {
  const answer = (method: LumenMethod): MockCall => (client[method] as MockCall).bind(client);
  const handlerOf = (method: LumenMethod) => {
    const own = answer(method);
    return async (arg: unknown): Promise<unknown> => {
      const result = await own(arg);
      if (!result.ok) throw new LumenFailure(result.error.code, result.error.message);
      return result.value;
    };
  };
  // Built from the method list: each handler answers its own method's Result, as the table's type says.
  const handlers = Object.fromEntries(LUMEN_METHODS.map((method) => [method, handlerOf(method)])) as unknown as ApiHandlers;
  const dispatch = createValidatedDispatcher(handlers);
  for (const method of LUMEN_METHODS)
    Object.defineProperty(client, method, {
      value: (arg?: unknown) => {
        if (!client.unreachable) return dispatch(method, arg);
        client.calls.push({ method, arg });
        return Promise.resolve(err('offline', SERVER_UNREACHABLE));
      },
      writable: true,
      configurable: true,
    });
}
