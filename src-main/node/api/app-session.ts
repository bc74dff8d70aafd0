/** What one open library offers the window: services plus the browsing and indexing state around them. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IndexingState } from '../../../src-common/contract-app';
import type { HistoryUndoResult } from '../../../src-common/contract-history';
import type { LibraryStatus } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import type { LumenServices } from '../lumen-services';
import { IndexingSession } from './indexing-session';
import { LibraryFiles } from './library-files';
import { isInside } from '../library/path-inside';
import { PhotoBrowser } from './photo-browser';
import { TagRunSession } from './tag-run-session';
import { LumenEventHub } from '../../../src-common/contract-events';
import { errorFields, logFailure } from '../logging/logger';
import { HistoryService } from '../history/history-service';
import { snapshotFolderMarks } from '../history/mark-rows';
import { snapshotFolderDecisions } from '../history/tag-rows';

export class AppSession {
  readonly browser: PhotoBrowser;
  readonly indexing: IndexingSession;
  readonly files: LibraryFiles;
  readonly tagRun: TagRunSession;
  /** The changes a person made, each with its undo (the window's Ctrl+Z and History). */
  readonly history: HistoryService;
  /** Progress, library changes and errors, for the window (the live session keeps one hub across reopening). */
  readonly events: LumenEventHub;

  /** `afterIndexing` runs after each folder's run (the live session uses it to finish a model switch). */
  constructor(
    readonly services: LumenServices,
    afterIndexing: () => void = () => {},
    events?: LumenEventHub,
  ) {
    this.events = events ?? new LumenEventHub((error, event) => services.logger.warn(errorFields(error, { event }), 'an event listener failed'));
    this.browser = new PhotoBrowser(services.db, services.photos, services.vectorIndex);
    this.indexing = new IndexingSession(
      services.indexer,
      services.logger.child({ service: 'indexing' }),
      () => {
        // A folder added back by undo gets its tag decisions again once its photos are read.
        try {
          this.history.restoreFolderDecisions();
        } catch (error) {
          logFailure(services.logger, error, 'putting back the tag decisions of a folder added back by undo failed');
        }
        afterIndexing();
      },
      this.events,
    );
    // Previews are decoded in the embed worker process, like the indexer's photos.
    this.files = new LibraryFiles(services.libraryDir, services.photos, (job) => services.worker.makePreview(job));
    this.tagRun = new TagRunSession(services.tags, services.logger.child({ service: 'tag-run' }), this.events);
    this.history = new HistoryService({
      db: services.db,
      journal: services.history,
      files: services.fileJournal,
      undo: services.undo,
      folders: {
        isLibraryFolder: (path) => this.isLibraryFolder(path),
        isBeingIndexed: (path) => {
          const state = this.indexing.state();
          return state.current === resolve(path) || state.queued.includes(resolve(path));
        },
        add: async (path) => {
          await this.addFolder(path, { record: false });
        },
        remove: (path) => {
          this.removeFolder(path, { record: false });
        },
      },
    });
    this.stopHistoryEvents = services.history.onDidChange((reason) => this.events.fire('historyChanged', { reason }));
  }

  private readonly stopHistoryEvents: () => void;

  /**
   * Undoes a history entry. Files a copy or move put back (or removed) inside library folders are
   * read again at once, so the photos moved out as duplicates come back to the grid and removed
   * copies leave it, whichever of Ctrl+Z, the History panel or a view's own Undo did it.
   */
  async undoHistory(id?: number): Promise<HistoryUndoResult> {
    const undone = await this.history.undo(id);
    const touched = (undone.files?.restored ?? []).flatMap(({ from, to }) => (to === null ? [from] : [from, to]));
    const roots = this.services.photos
      .listRoots()
      .map((root) => root.path)
      .filter((root) => touched.some((path) => isInside(root, path)));
    if (roots.length > 0) this.indexing.enqueue(roots);
    return undone;
  }

  /** Whether `path` is a library folder: indexed, being indexed or waiting. */
  private isLibraryFolder(path: string): boolean {
    const state = this.indexing.state();
    return [...this.services.photos.listRoots().map((root) => root.path), ...(state.current ? [state.current] : []), ...state.queued].includes(resolve(path));
  }

  /** `record`: whether the history keeps it (an undo does not record itself). */
  async addFolder(path: string, { record = true } = {}): Promise<IndexingState> {
    const folder = resolve(path);
    const info = await stat(folder).catch(() => null);
    if (!info) throw new LumenFailure('missing-folder', `folder not found: ${folder}`);
    if (!info.isDirectory()) throw new LumenFailure('not-a-folder', `not a folder: ${folder}`);
    // Its photos belong to the library folder around it already: a second root would own none of them.
    const around = this.libraryFolderAround(folder);
    if (around) throw new LumenFailure('inside-library-folder', `${folder} is already in the library: it is inside ${around}.`);
    // Recorded first: a library that cannot be written to (deleted while open, say) refuses the folder before any run starts.
    if (record && !this.isLibraryFolder(folder))
      this.services.history.record(`Added the folder ${folder} to the library.`, { kind: 'folder-add', path: folder });
    return this.indexing.enqueue([folder]);
  }

  /** The library folder (indexed, being indexed or waiting) that contains `folder`, if any. */
  private libraryFolderAround(folder: string): string | undefined {
    const state = this.indexing.state();
    const roots = [...this.services.photos.listRoots().map((root) => root.path), ...(state.current ? [state.current] : []), ...state.queued];
    return roots.find((root) => root !== folder && isInside(root, folder));
  }

  removeFolder(path: string, { record = true } = {}): LibraryStatus {
    const folder = resolve(path);
    const state = this.indexing.state();
    if (state.current === folder || state.queued.includes(folder)) {
      throw new LumenFailure('busy', `${folder} is being indexed; cancel indexing first`);
    }
    const decisions = record ? snapshotFolderDecisions(this.services.db, folder) : [];
    const marks = record ? snapshotFolderMarks(this.services.db, folder) : [];
    this.browser.forgetFolder(folder);
    if (record)
      this.services.history.record(`Removed the folder ${folder} from the library.`, {
        kind: 'folder-remove',
        path: folder,
        decisions,
        ...(marks.length > 0 ? { marks } : {}),
      });
    return this.services.status(true);
  }

  /** `retryErrors`: also try the files that failed before, even if unchanged. */
  reindexAll(options: { retryErrors?: boolean } = {}): IndexingState {
    const roots = this.services.photos.listRoots().map((root) => root.path);
    if (roots.length === 0) return this.indexing.state();
    return this.indexing.enqueue(roots, options);
  }

  /** True while a folder is being indexed or queued, or auto-tagging runs: reopening the services would stop them. */
  get busy(): boolean {
    const indexing = this.indexing.state();
    return indexing.current !== null || indexing.queued.length > 0 || this.tagRun.state().running;
  }

  async dispose(): Promise<void> {
    this.stopHistoryEvents();
    this.indexing.control('cancel');
    this.tagRun.cancel();
    await Promise.all([this.indexing.idle(), this.tagRun.idle()]);
    await this.services.dispose();
  }
}
