/**
 * The window's state, composed of one rune class per concern. Components get this object and stay
 * thin: they render state and call its methods.
 */
import type { LumenClient } from '../api/lumen-client';
import { BrowseState } from './browse-state.svelte';
import type { GridSource } from './grid-source';
import { IndexingState } from './indexing-state.svelte';
import { LibraryState } from './library-state.svelte';
import { SearchState } from './search-state.svelte';
import { SelectionState } from './selection-state.svelte';
import { SettingsState } from './settings-state.svelte';
import { ViewerState } from './viewer-state.svelte';

export type MainView = 'photos' | 'errors' | 'settings';

export class AppState {
  readonly library: LibraryState;
  readonly browse: BrowseState;
  readonly search: SearchState;
  readonly selection = new SelectionState();
  readonly viewer: ViewerState;
  readonly indexing: IndexingState;
  readonly settings = new SettingsState();
  view = $state<MainView>('photos');
  addFolderOpen = $state(false);
  /** A short message for the status area (errors of actions, confirmations). */
  notice = $state<{ text: string; tone: 'info' | 'error' } | null>(null);

  constructor(readonly client: LumenClient) {
    this.library = new LibraryState(client);
    this.browse = new BrowseState(client);
    this.search = new SearchState(client);
    this.viewer = new ViewerState(client, () => this.source);
    this.indexing = new IndexingState(client, (finished) => void this.afterIndexing(finished));
  }

  /** The grid shows search hits while there is a query, else the library (or one folder). */
  get source(): GridSource {
    return this.search.active ? this.search : this.browse;
  }

  async start(): Promise<void> {
    this.settings.apply();
    this.indexing.start();
    await Promise.all([this.library.refresh(), this.browse.reset(null)]);
  }

  stop(): void {
    this.indexing.stop();
  }

  showFolder(folder: string | null): void {
    this.view = 'photos';
    this.search.clear();
    this.search.scope = folder;
    this.selection.clear();
    void this.browse.reset(folder);
  }

  async addFolder(path: string): Promise<boolean> {
    const result = await this.client.addFolder(path);
    if (!result.ok) {
      this.notice = { text: result.error.message, tone: 'error' };
      return false;
    }
    this.indexing.accept(result.value);
    this.notice = { text: `Adding ${path}…`, tone: 'info' };
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
    const paths = files.map((file) => this.client.pathForFile(file)).filter((path): path is string => path !== null && path !== '');
    if (paths.length === 0) {
      this.notice = { text: 'A browser cannot tell where dropped files live: use Add folder and type the path.', tone: 'error' };
      return;
    }
    for (const path of paths) await this.addFolder(path);
  }

  async removeFolder(path: string): Promise<void> {
    const problem = await this.library.removeFolder(path);
    if (problem) {
      this.notice = { text: problem, tone: 'error' };
      return;
    }
    this.notice = { text: `Removed ${path} from the library (the files are still on disk).`, tone: 'info' };
    if (this.browse.folder === path) this.showFolder(null);
    else void this.browse.refresh();
  }

  async reindexAll(): Promise<void> {
    const result = await this.client.reindexAll();
    if (result.ok) this.indexing.accept(result.value);
    else this.notice = { text: result.error.message, tone: 'error' };
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

  private async afterIndexing(finished: boolean): Promise<void> {
    await this.library.refresh();
    if (!this.search.active) await this.browse.refresh();
    if (finished) {
      const summary = this.indexing.snapshot?.lastSummary;
      const failure = this.indexing.snapshot?.lastError;
      if (failure) this.notice = { text: `Indexing stopped: ${failure.message}`, tone: 'error' };
      else if (summary) {
        const problems = summary.failed > 0 ? ` ${summary.failed} could not be read (see Unreadable files).` : '';
        this.notice = { text: `Indexing done: ${summary.indexed + summary.reused} new photos.${problems}`, tone: 'info' };
      }
    }
  }
}
