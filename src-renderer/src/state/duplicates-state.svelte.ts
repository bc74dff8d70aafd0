/**
 * The duplicates view: the library's groups of near-identical photos, which copy of each is kept
 * (the services' suggestion first: the largest, then the oldest), which of the others are set aside,
 * the folder they go to, and what the last move did to each file (with Undo).
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { IndexingState } from '../../../src-common/contract-app';
import type { DuplicateGroup, MoveDuplicatesResponse } from '../../../src-common/contract-library-views';
import type { UndoResponse } from '../../../src-common/contract';
import { err, ok, type Result } from '../../../src-common/result';
import type { LumenClient } from '../api/lumen-client';

export interface DuplicatesHooks {
  /** The library changed (photos left it or came back): counts and the grid read again. */
  changed: () => void;
  /** Put-back files are found again by looking through the folders: the indexing this started. */
  reindexing: (state: IndexingState) => void;
}

export class DuplicatesState {
  groups = $state.raw<DuplicateGroup[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The photo kept in each group, by the group's first photo. */
  readonly kept = new SvelteMap<number, number>();
  /** Photos chosen to be set aside. */
  readonly chosen = new SvelteSet<number>();
  /** Where set-aside photos go: a folder outside the library. */
  folder = $state('');
  /** The view suggested a destination already (only once, so that a cleared field stays clear). */
  folderSuggested = false;
  /** The last move's outcome per file, until the next load or Undo. */
  outcome = $state.raw<MoveDuplicatesResponse | null>(null);
  busy = $state(false);
  private generation = 0;

  constructor(
    private readonly client: LumenClient,
    private readonly hooks: DuplicatesHooks,
  ) {}

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    const result = await this.client.listDuplicates();
    // Only the latest answer counts: an older one would undo choices made since.
    if (generation !== this.generation) return;
    this.loading = false;
    this.loaded = true;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.error = null;
    this.groups = result.value;
    this.kept.clear();
    this.chosen.clear();
    for (const group of result.value) {
      const [first, ...others] = group.photos;
      if (!first) continue;
      this.kept.set(first.id, first.id);
      for (const photo of others) this.chosen.add(photo.id);
    }
  }

  keptIn(group: DuplicateGroup): number | undefined {
    const first = group.photos[0];
    return first && this.kept.get(first.id);
  }

  /** Keeps another copy of the group: it is no longer set aside, and the one kept before is. */
  keep(group: DuplicateGroup, photoId: number): void {
    const first = group.photos[0];
    if (!first) return;
    const before = this.kept.get(first.id);
    this.kept.set(first.id, photoId);
    this.chosen.delete(photoId);
    if (before !== undefined && before !== photoId) this.chosen.add(before);
  }

  toggle(photoId: number): void {
    if (this.chosen.has(photoId)) this.chosen.delete(photoId);
    else this.chosen.add(photoId);
  }

  /** Moves the chosen photos to the folder; each file's outcome is kept to be shown. */
  async move(): Promise<Result<MoveDuplicatesResponse>> {
    this.busy = true;
    const result = await this.client.moveDuplicates({ photos: [...this.chosen], folder: this.folder.trim() });
    this.busy = false;
    if (!result.ok) return result;
    this.outcome = result.value;
    if (result.value.moved.length > 0) this.hooks.changed();
    await this.load();
    return result;
  }

  /**
   * Puts the last move's files back through the history, as Ctrl+Z and the History panel do, so a
   * copy or move made since is left alone and the move is shown undone there; then looks through the
   * folders so they are in the library again.
   */
  async undo(): Promise<Result<UndoResponse>> {
    const batchId = this.outcome?.batchId ?? null;
    if (batchId === null) return err('nothing-to-undo', 'Nothing was moved, so there is nothing to put back.');
    this.busy = true;
    try {
      const history = await this.client.listHistory();
      if (!history.ok) return history;
      const entry = history.value.find((e) => e.batchId === batchId);
      if (!entry) return err('nothing-to-undo', 'That move is no longer in the history, so it cannot be undone here.');
      if (entry.undoneAt !== null) {
        this.outcome = null;
        return err('already-undone', 'That move was undone already.');
      }
      const result = await this.client.undoHistoryEntry({ id: entry.id });
      if (!result.ok) return result;
      this.outcome = null;
      const files = result.value.files ?? { batchId, action: 'move', description: entry.description, restored: [], kept: [] };
      const indexing = await this.client.reindexAll();
      if (indexing.ok) this.hooks.reindexing(indexing.value);
      return ok(files);
    } finally {
      this.busy = false;
    }
  }

  /** A move undone elsewhere (Ctrl+Z, the History panel): its outcome no longer offers Undo. */
  undoneElsewhere(batchId: number | undefined): void {
    if (batchId !== undefined && this.outcome?.batchId === batchId) this.outcome = null;
  }
}
