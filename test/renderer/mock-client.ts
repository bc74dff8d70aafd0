/**
 * THE one mock of Lumen's API, for component tests: an in-memory library that answers the contract
 * the way the services do (validated shapes, Results), with indexing the test advances by hand.
 * Every call is recorded so tests can check what the window asked for.
 */
import type { IndexingAction, IndexingState, PhotoDetails, PhotoPage, PhotoPageRequest, PhotoSummary } from '../../src-common/contract-app';
import type { LibraryStatus, SearchRequest, SearchResponse } from '../../src-common/contract';
import type { MenuCommand } from '../../src-common/lumen-host';
import { err, ok, type Result } from '../../src-common/result';
import type { LumenClient } from '../../src-renderer/src/api/lumen-client';

export interface MockPhoto extends PhotoSummary {
  folder: string;
  /** Words the mock's "model" matches queries against. */
  words: string;
}

export class MockLumenClient implements LumenClient {
  readonly shell = 'browser' as const;
  readonly calls: Array<{ method: string; arg: unknown }> = [];
  photos: MockPhoto[] = [];
  folders: string[] = [];
  indexing: IndexingState = { current: null, queued: [], progress: null, lastSummary: null, lastError: null };
  private readonly menuListeners = new Set<(command: MenuCommand) => void>();
  /** Photos the next finishIndexing() adds, per folder. */
  private readonly pending = new Map<string, MockPhoto[]>();

  /** A library of `count` photos in one folder, named by colour and shape. */
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
      embedded: this.photos.length,
      errors: 1,
      errorList: [{ path: '/photos/Shapes/broken.jpg', reason: 'file is truncated or damaged', failedAt: '2026-11-25T06:00:00Z' }],
      roots: this.folders.map((path) => ({ path, photos: this.photos.filter((p) => p.folder === path).length, online: true, lastScanAt: null })),
      vectorBackend: 'vec',
      model: { name: 'shapes-lit', folder: '/models/shapes-lit', embedDim: 32, imageTowerId: 'abc', executionProvider: 'cpu' },
    });
  }

  async search(request: SearchRequest): Promise<Result<SearchResponse>> {
    this.record('search', request);
    const words = request.text.toLowerCase().split(/\s+/).filter((w) => w !== '' && w !== 'a');
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
      hits: scored.map(({ p, score }, i) => ({ rank: i + 1, photoId: p.id, path: p.path, score, textMatch: false, width: p.width, height: p.height, takenAt: p.takenAt })),
    });
  }

  async listPhotos(request: PhotoPageRequest): Promise<Result<PhotoPage>> {
    this.record('listPhotos', request);
    const all = request.folder ? this.photos.filter((p) => p.folder === request.folder) : this.photos;
    return ok({ total: all.length, offset: request.offset, photos: all.slice(request.offset, request.offset + request.limit) });
  }

  async getPhoto(photoId: number): Promise<Result<PhotoDetails>> {
    this.record('getPhoto', photoId);
    const photo = this.photos.find((p) => p.id === photoId);
    if (!photo) return err('unknown-photo', `no photo with id ${photoId} in this library`);
    const { words: _words, ...summary } = photo;
    return ok({ ...summary, size: 48_000, format: 'jpeg', cameraMake: 'Canon', cameraModel: 'EOS R6', indexedAt: '2026-11-25T06:00:00Z' });
  }

  async addFolder(path: string): Promise<Result<IndexingState>> {
    this.record('addFolder', path);
    if (!path.startsWith('/')) return err('bad-argument', `folder must be an absolute path, not "${path}"`);
    if (!this.folders.includes(path)) this.folders.push(path);
    this.pending.set(path, Array.from({ length: 8 }, (_, i) => mockPhoto(this.photos.length + i + 1, path, i % 2 ? 'red circle' : 'blue star')));
    this.indexing = { ...this.indexing, current: path, progress: { found: 8, done: 3, skipped: 0, failed: 0, photosPerSecond: 12.5, etaSeconds: 4, scanning: false, paused: false } };
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
      lastSummary: { roots: [folder], found: added.length, indexed: added.length, reused: 0, unchanged: 0, failed: 0, removed: 0, offline: [], cancelled: false, seconds: 1 },
    };
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

  async getIndexing(): Promise<Result<IndexingState>> {
    this.record('getIndexing');
    return ok(this.indexing);
  }

  async controlIndexing(action: IndexingAction): Promise<Result<IndexingState>> {
    this.record('controlIndexing', action);
    const progress = this.indexing.progress;
    if (progress && action !== 'cancel') this.indexing = { ...this.indexing, progress: { ...progress, paused: action === 'pause' } };
    if (action === 'cancel') this.indexing = { ...this.indexing, current: null, progress: null, queued: [] };
    return ok(this.indexing);
  }

  mediaUrl(kind: 'photo' | 'thumbnail', photoId: number): string {
    return `/media/${kind}/${photoId}`;
  }

  async chooseFolder(): Promise<string | null> {
    return null;
  }

  pathForFile(): string | null {
    return null;
  }

  onMenuCommand(listener: (command: MenuCommand) => void): () => void {
    this.menuListeners.add(listener);
    return () => this.menuListeners.delete(listener);
  }

  sendMenuCommand(command: MenuCommand): void {
    for (const listener of this.menuListeners) listener(command);
  }
}

function mockPhoto(id: number, folder: string, words: string): MockPhoto {
  return { id, path: `${folder}/img-${String(id).padStart(6, '0')}.jpg`, folder, width: 640, height: 480, takenAt: null, hasThumbnail: true, words };
}
