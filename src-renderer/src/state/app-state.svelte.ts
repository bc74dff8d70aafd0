/**
 * The window's state, composed of one rune class per concern. Components get this object and stay
 * thin: they render state and call its methods.
 */
import type { ConnectionState, LumenClient } from '../api/lumen-client';
import type { MediaKindName } from '../../../src-common/lumen-host';
import { folderLabel } from '../lib/format';
import { isImageFile } from '../lib/image-bytes';
import { libraryFolderHolding, type FolderHolder } from '../lib/library-folders';
import { undoneSentence } from '../lib/undone-sentence';
import { AutoTagState } from './autotag-state.svelte';
import { BrowseState } from './browse-state.svelte';
import { CategoriesState, type ClassifySource } from './categories-state.svelte';
import { CategoryEditing } from './category-editing.svelte';
import type { GridSource } from './grid-source';
import { IndexingState } from './indexing-state.svelte';
import { LibraryState } from './library-state.svelte';
import { NoticeState, type NoticeMessage } from './notice-state.svelte';
import { PendingRemoval } from './pending-removal.svelte';
import { HistoryState } from './history-state.svelte';
import type { HistoryUndoResult } from '../../../src-common/contract-history';
import type { MarkedPhoto } from '../../../src-common/contract-browse';
import { SearchState } from './search-state.svelte';
import { SelectionState } from './selection-state.svelte';
import { PreferencesState } from './preferences-state.svelte';
import { SetupState } from './setup-state.svelte';
import type { Result } from '../../../src-common/result';
import type { MapArea } from '../../../src-common/contract-library-views';
import { TagsState } from './tags-state.svelte';
import { DuplicatesState } from './duplicates-state.svelte';
import { FolderTreeState } from './folder-tree-state.svelte';
import { PlacesState } from './places-state.svelte';
import { ViewerState } from './viewer-state.svelte';

export type MainView = 'photos' | 'errors' | 'settings' | 'autotag' | 'duplicates' | 'places';

export class AppState {
  readonly library: LibraryState;
  readonly browse: BrowseState;
  readonly search: SearchState;
  readonly selection = new SelectionState();
  readonly viewer: ViewerState;
  readonly indexing: IndexingState;
  /** The window's own preferences (theme, thumbnails), not the library's configuration. */
  readonly preferences = new PreferencesState();
  readonly tags: TagsState;
  readonly autoTag: AutoTagState;
  readonly categories: CategoriesState;
  /** Editing tags' words and categories, deleting categories, filing photos by hand. */
  readonly editing: CategoryEditing = new CategoryEditing(this);
  readonly setup: SetupState;
  readonly folderTree: FolderTreeState;
  readonly places: PlacesState;
  readonly duplicates: DuplicatesState;
  view = $state<MainView>('photos');
  addFolderOpen = $state(false);
  /** The status area's message (errors of actions, confirmations). */
  readonly notices = new NoticeState();
  /** A folder removal or tag deletion that Undo can still take back. */
  readonly removal = new PendingRemoval();
  /** The changes recorded by the services, and their undo (Ctrl+Z, the History panel). */
  readonly history: HistoryState;
  /** Whether the services can be reached (only ever not under `lumen serve`). */
  connection = $state<ConnectionState>('online');
  private stopConnection: (() => void) | null = null;
  // Listeners only; nothing renders from the set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly marksUndoneListeners = new Set<(marked: readonly MarkedPhoto[]) => void>();
  /** How often the window got the server back; thumbnail addresses change with it. */
  private reconnections = $state(0);

  /** The message now shown (the same as `notices.current`). */
  get notice(): NoticeMessage | null {
    return this.notices.current;
  }

  set notice(message: NoticeMessage | null) {
    this.notices.current = message;
  }

  /** Says what a call did: its error sentence, or `success` when given; true when it succeeded. */
  notify<T>(result: Result<T>, success?: string | ((value: T) => string | null)): result is { ok: true; value: T } {
    return this.notices.notify(result, success);
  }

  constructor(readonly client: LumenClient) {
    this.library = new LibraryState(client);
    this.browse = new BrowseState(client);
    this.search = new SearchState(client);
    this.viewer = new ViewerState(client, () => this.source);
    this.indexing = new IndexingState(client, (finished) => void this.afterIndexing(finished));
    this.tags = new TagsState(client);
    this.autoTag = new AutoTagState(client, this.tags, () => void this.afterTagging());
    this.categories = new CategoriesState(client);
    this.setup = new SetupState(client);
    this.history = new HistoryState(client, (undone) => this.afterUndo(undone));
    this.folderTree = new FolderTreeState(client);
    this.places = new PlacesState(client);
    this.duplicates = new DuplicatesState(client, {
      changed: () => void Promise.all([this.library.refresh(), this.browse.refresh()]),
      reindexing: (state) => this.indexing.accept(state),
    });
  }

  /** Hears the photos' marks as an undo left them (the viewer and the grid's badges show them at once). */
  onMarksUndone(listener: (marked: readonly MarkedPhoto[]) => void): () => void {
    this.marksUndoneListeners.add(listener);
    return () => this.marksUndoneListeners.delete(listener);
  }

  /** An undo may have moved photos back, changed tags or folders, or marks: read what the window shows again. */
  private async afterUndo(undone: HistoryUndoResult): Promise<void> {
    if (undone.marks) for (const listener of [...this.marksUndoneListeners]) listener(undone.marks);
    // The classify results panel would offer to undo files that are back already.
    if (undone.entry.kind === 'copy' || undone.entry.kind === 'move') this.categories.close();
    // Nor would the duplicates view's last move, once put back.
    this.duplicates.undoneElsewhere(undone.entry.batchId);
    await Promise.all([
      this.library.refresh(),
      this.tags.refresh(),
      this.categories.refresh(),
      this.autoTag.reviewTag ? this.autoTag.review(this.autoTag.reviewTag) : Promise.resolve(),
      this.search.active ? Promise.resolve(this.search.flush()) : this.browse.refresh(),
    ]);
  }

  /** The grid shows search hits while there is a query, else the library (or one folder). */
  get source(): GridSource {
    return this.search.active ? this.search : this.browse;
  }

  async start(): Promise<void> {
    this.preferences.apply();
    this.indexing.start();
    this.history.start();
    this.stopConnection ??= this.client.onConnection((state) => {
      const wasOffline = this.connection !== 'online';
      this.connection = state;
      if (state === 'online' && wasOffline) void this.reconnected();
    });
    await Promise.all([this.library.refresh(), this.browse.reset(), this.tags.refresh(), this.categories.refresh()]);
  }

  /** Back online: events were missed meanwhile, so read everything the window shows again. */
  private async reconnected(): Promise<void> {
    this.reconnections++;
    // What failed while the server was away said so; the bar said it too, and now it is over.
    if (this.notice?.tone === 'error') this.notice = null;
    await Promise.all([
      this.indexing.refresh(),
      this.library.refresh(),
      this.tags.refresh(),
      this.categories.refresh(),
      this.autoTag.refresh(),
      this.history.refresh(),
      this.search.active ? Promise.resolve(this.search.flush()) : this.browse.refresh(),
    ]);
    this.browse.loadMissing();
  }

  /** A thumbnail's address; after a reconnection a new one, so thumbnails that failed while offline are fetched again. */
  thumbnailUrl(photoId: number, kind: MediaKindName = 'thumbnail'): string {
    const url = this.client.mediaUrl(kind, photoId);
    return this.reconnections === 0 ? url : `${url}?reconnected=${this.reconnections}`;
  }

  stop(): void {
    void this.removal.flush();
    this.stopConnection?.();
    this.stopConnection = null;
    this.indexing.stop();
    this.autoTag.stop();
    this.history.stop();
    this.setup.close();
  }

  /**
   * Switches the library's model. The same image tower answers at once; another one is embedded
   * in the background (the indexing bar shows it) while the previous model keeps answering.
   */
  async useModel(id: string): Promise<void> {
    const used = this.notify(await this.setup.useModel(id), (state) => {
      if (state.restartNeeded) return `${id} is chosen; it is used from the next start of Lumen.`;
      if (state.switching) return `Now using ${id}: making its vectors in the background; ${state.switching.serving} answers searches until then.`;
      return `Now using ${id}.`;
    });
    if (!used) return;
    void this.indexing.refresh();
    await this.library.refresh();
    if (this.search.active) this.search.flush();
  }

  showFolder(folder: string | null): void {
    this.view = 'photos';
    this.browse.place = null;
    this.browse.area = null;
    this.search.clear();
    this.search.scope = folder;
    this.search.tag = null;
    this.selection.clear();
    this.browse.category = null;
    void this.browse.reset(folder, null);
  }

  /** The grid shows the photos with this accepted tag (searches stay inside it until the chip is removed). */
  showTag(tag: string): void {
    this.view = 'photos';
    this.browse.place = null;
    this.browse.area = null;
    this.search.clear();
    this.search.scope = null;
    this.search.tag = tag;
    this.selection.clear();
    this.browse.category = null;
    void this.browse.reset(null, tag);
  }

  /** The grid shows the photos filed into this category of the set (by classify or by hand). */
  showCategory(set: string, name: string): void {
    this.view = 'photos';
    this.search.clear();
    this.search.scope = null;
    this.search.tag = null;
    this.selection.clear();
    this.browse.place = null;
    this.browse.area = null;
    this.browse.category = { set, name };
    void this.browse.reset(null, null);
  }

  /** The grid shows the photos taken in a place (a town or country) or inside an area of the map, from the places view. */
  showWhere(place: string | null, area: MapArea | null): void {
    this.view = 'photos';
    this.search.clear();
    this.search.scope = null;
    this.search.tag = null;
    this.selection.clear();
    this.browse.place = place;
    this.browse.area = area;
    this.browse.category = null;
    void this.browse.reset(null, null);
  }

  openAutoTag(): void {
    this.view = 'autotag';
    void this.autoTag.open();
  }

  /** The grid items currently selected, in grid order. */
  selectedItems(): Array<{ id: number; path: string }> {
    return [...this.selection.selected]
      .sort((a, b) => a - b)
      .map((index) => this.source.item(index))
      .filter((item): item is NonNullable<typeof item> => item !== undefined)
      .map((item) => ({ id: item.id, path: item.path }));
  }

  /** Tags photos by hand (a thumbnail drag onto a tag, or the selection bar); they teach the tag. */
  async tagPhotos(tag: string, photoIds: readonly number[]): Promise<void> {
    if (photoIds.length === 0) return;
    const tagged = this.notify(await this.tags.tagPhotos(tag, photoIds), `Tagged ${photoIds.length} photo${photoIds.length === 1 ? '' : 's'} “${tag}”.`);
    if (tagged && this.browse.tag === tag) void this.browse.refresh();
  }

  async renameTag(from: string, to: string): Promise<boolean> {
    if (!this.notify(await this.tags.rename(from, to))) return false;
    if (this.browse.tag === from) this.showTag(to);
    return true;
  }

  /** Hides the tag at once; it is deleted when the undo time is over, unless Undo brings it back. */
  async deleteTag(name: string): Promise<void> {
    this.tags.list = this.tags.list.filter((tag) => tag.name !== name);
    if (this.browse.tag === name) this.showFolder(null);
    await this.removal.start({
      text: `Deleted the tag “${name}”; its photos stay.`,
      commit: () => this.deleteTagNow(name),
      restore: () => this.tags.refresh(),
    });
  }

  private async deleteTagNow(name: string): Promise<void> {
    if (this.notify(await this.tags.remove(name))) this.autoTag.chosen.delete(name);
    else await this.tags.refresh();
  }

  /**
   * Classifies dropped files or library photos into a category set; `action` files them into the
   * category folders (only what has a path: a browser's dropped files are classified, not filed).
   */
  async classify(sources: readonly ClassifySource[], set = this.categories.current?.name, action: 'copy' | 'move' | null = null): Promise<void> {
    if (sources.length === 0) return;
    if (!set) {
      this.notices.error('Add a category set first (Categories +) to classify photos.');
      return;
    }
    this.categories.chosen = set;
    await this.categories.classify(set, sources, action, (id) => this.client.mediaUrl('thumbnail', id));
    if (this.categories.error) this.notices.error(this.categories.error);
    else if (action && sources.some((s) => s.path === null)) {
      this.notices.info('A browser cannot move dropped files: they were classified, not filed. Drag thumbnails from the grid to file them.');
    }
  }

  /** Files dropped on a category set: classified and filed (copy unless asked to move). */
  async dropOnCategorySet(
    set: string,
    files: readonly File[],
    photos: ReadonlyArray<{ id: number; path: string }>,
    action: 'copy' | 'move' = 'copy',
  ): Promise<void> {
    const sources: ClassifySource[] = [
      ...files.filter(isImageFile).map((file) => ({ file, path: this.client.pathForFile(file) || null })),
      ...photos.map((p) => ({ photoId: p.id, path: p.path })),
    ];
    if (sources.length === 0) {
      this.notices.error('Only photos can be classified.');
      return;
    }
    await this.classify(sources, set, action);
    if (this.categories.undoable) void this.library.refresh();
  }

  async undoFiling(): Promise<void> {
    this.notify(await this.categories.undo(), ({ action, restored, kept }) => undoneSentence(action, restored.length, kept.length));
  }

  /**
   * A folder already in the library, or inside one of its folders, is not added again: the person is
   * told where its photos are and sees them; the same folder is looked through again for new photos.
   */
  private async showAlreadyAdded(path: string, holder: FolderHolder): Promise<boolean> {
    if (holder.same) {
      const result = await this.client.addFolder(holder.root);
      if (result.ok) this.indexing.accept(result.value);
      this.notice = { text: `${folderLabel(holder.root)} is already in the library; Lumen is looking through it again for new photos.`, tone: 'info' };
    } else this.notice = { text: `${path} is already in the library, inside ${holder.root}: here are its photos.`, tone: 'info' };
    this.showFolder(holder.root);
    return true;
  }

  async addFolder(path: string): Promise<boolean> {
    const holder = libraryFolderHolding(
      path,
      this.library.folders.map((folder) => folder.path),
    );
    if (holder) return this.showAlreadyAdded(path, holder);
    const result = await this.client.addFolder(path);
    if (!this.notify(result, `Adding ${path}…`)) return false;
    this.indexing.accept(result.value);
    await this.library.refresh();
    return true;
  }

  /** Desktop: the OS folder picker; browser: the path dialog. */
  async chooseAndAddFolder(): Promise<void> {
    if (this.client.shell === 'browser') {
      this.addFolderOpen = true;
      return;
    }
    const path = await this.client.chooseFolder();
    if (path) await this.addFolder(path);
  }

  /**
   * Folders dropped from the file manager are added. Only the desktop shell can tell a dropped
   * file's path; a browser cannot, so it is told to use Add folder instead.
   */
  async dropFiles(files: readonly File[]): Promise<void> {
    // Photos are classified into the current category set; anything else is taken for a folder.
    const images = files.filter(isImageFile);
    if (images.length > 0) await this.classify(images.map((file) => ({ file, path: this.client.pathForFile(file) || null })));
    const others = files.filter((file) => !isImageFile(file));
    if (others.length === 0) return;
    const paths = others.map((file) => this.client.pathForFile(file)).filter((path): path is string => path !== null && path !== '');
    if (paths.length === 0) {
      this.notices.error('A browser cannot tell where dropped files live: use Add folder and type the path.');
      return;
    }
    for (const path of paths) await this.addFolder(path);
  }

  /**
   * Hides the folder at once; it leaves the library when the undo time is over. Until then the
   * library is unchanged, so Undo brings it back with its photos and vectors.
   */
  async removeFolder(path: string): Promise<void> {
    const status = this.library.status;
    const removed = status?.roots.find((root) => root.path === path);
    // The sidebar's counts leave out its photos too, as the grid does.
    if (status) {
      this.library.status = {
        ...status,
        photos: status.photos - (removed?.photos ?? 0),
        items: status.items - (removed?.items ?? 0),
        roots: status.roots.filter((root) => root.path !== path),
      };
    }
    if (this.browse.folder === path) this.showFolder(null);
    await this.removal.start({
      text: `Removed ${folderLabel(path)} from the library; the files stay on disk.`,
      commit: async () => {
        await this.removeFolderNow(path);
        await this.hidePhotosOf([]);
      },
      restore: async () => {
        await Promise.all([this.library.refresh(), this.hidePhotosOf([])]);
      },
    });
    // Started after the earlier removal was done: its folder is gone by now, so only this one is hidden.
    await this.hidePhotosOf([path]);
  }

  /** The grid and search leave out the photos of folders being removed (the library keeps them until Undo's time is over). */
  private async hidePhotosOf(folders: readonly string[]): Promise<void> {
    this.search.hiddenFolders = folders;
    if (this.search.active) this.search.flush();
    await this.browse.hideFolders(folders);
  }

  private async removeFolderNow(path: string): Promise<void> {
    if (!this.notify(await this.library.removeFolder(path))) await this.library.refresh();
    else if (this.browse.folder !== path) void this.browse.refresh();
  }

  async reindexAll(): Promise<void> {
    const result = await this.client.reindexAll();
    if (this.notify(result)) this.indexing.accept(result.value);
  }

  /** Indexes every folder again, trying the unreadable files even if they did not change. */
  async retryFailedFiles(): Promise<void> {
    const result = await this.client.retryFailedFiles();
    if (this.notify(result)) this.indexing.accept(result.value);
  }

  openSelected(): void {
    if (this.source.count > 0) this.viewer.show(this.selection.focus);
  }

  moreLikeThis(index: number): void {
    const item = this.source.item(index);
    if (!item) return;
    this.viewer.close();
    this.view = 'photos';
    this.selection.clear();
    this.search.moreLike({ id: item.id, path: item.path });
  }

  private async afterTagging(): Promise<void> {
    if (this.browse.tag !== null && !this.search.active) await this.browse.refresh();
  }

  private async afterIndexing(finished: boolean): Promise<void> {
    await this.library.refresh();
    if (!this.search.active) await this.browse.refresh();
    if (finished) {
      const summary = this.indexing.snapshot?.lastSummary;
      const failure = this.indexing.snapshot?.lastError;
      if (failure) this.notices.error(`Indexing stopped: ${failure.message}`);
      else if (summary) {
        const problems = summary.failed > 0 ? ` ${summary.failed} could not be read (see Unreadable files).` : '';
        this.notices.info(`Indexing done: ${summary.indexed + summary.reused} new photos.${problems}`);
      }
    }
  }
}
