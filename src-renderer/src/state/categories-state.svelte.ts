/**
 * Category sets for the sidebar, and classifying: dropped files (by path on the desktop, by bytes in a
 * browser) and library photos, ranked with probabilities; filing into category folders, with undo.
 */
import type { CategorySetSummary, ClassifiedPhoto, UndoResponse } from '../../../src-common/contract';
import type { LumenClient } from '../api/lumen-client';
import { imageAsBase64 } from '../lib/image-bytes';
import { err, ok, type Result } from '../../../src-common/result';

/** One classified photo as the results panel shows it. */
export interface ClassifiedItem extends ClassifiedPhoto {
  /** What the panel shows: the file name. */
  name: string;
  /** A picture of it: a blob: address of the dropped file, or the library thumbnail. */
  preview: string | null;
  /** The technical words behind `error`, shown only when asked for. */
  detail?: string;
}

/** Something to classify: a dropped file (path known or not) or a library photo. */
export type ClassifySource = { file: File; path: string | null } | { photoId: number; path: string };

const FILES_PER_CALL = 100;

export class CategoriesState {
  sets = $state.raw<CategorySetSummary[]>([]);
  /** The set drops on the window classify into. */
  chosen = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Results of the last classification; null when the panel is closed. */
  results = $state.raw<ClassifiedItem[] | null>(null);
  resultsSet = $state<string | null>(null);
  /** The category photos were filed into by hand (no scoring), when the results are of that; null for a classification. */
  handFiled = $state<string | null>(null);
  action = $state<'copy' | 'move' | null>(null);
  busy = $state(false);
  /** Cancel was pressed while classifying: no more of the photos are sent, and the batch in progress is stopped. */
  cancelling = $state(false);
  /** What a cancelled classification did and left, as a sentence; null when it ran to its end. */
  stopped = $state<string | null>(null);
  /** The last copy or move, which Undo puts back. */
  undoable = $state<string | null>(null);
  /** The copies or moves (one batch per call) that made the results shown: Undo puts back all of them. */
  private batchesOf: { results: ClassifiedItem[]; ids: number[] } | null = null;
  dialogOpen = $state(false);
  private previews: string[] = [];

  constructor(private readonly client: LumenClient) {}

  get current(): CategorySetSummary | undefined {
    return this.sets.find((set) => set.name === this.chosen) ?? this.sets[0];
  }

  async refresh(): Promise<void> {
    const result = await this.client.listCategorySets();
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.sets = result.value;
    this.error = null;
    if (!this.sets.some((set) => set.name === this.chosen)) this.chosen = this.sets[0]?.name ?? null;
  }

  /** Adds a category (and its set when new). */
  async addCategory(set: string, name: string, descriptions: readonly string[], folder: string): Promise<Result<void>> {
    const result = await this.client.addCategory({
      set,
      name,
      ...(descriptions.length ? { descriptions: [...descriptions] } : {}),
      ...(folder.trim() ? { folder: folder.trim() } : {}),
    });
    if (!result.ok) return result;
    this.chosen = result.value.name;
    await this.refresh();
    return ok(undefined);
  }

  /**
   * Classifies into `set`; with `action`, files what has a path into its category's folder.
   * Dropped files without a path (a browser) are classified from their bytes and never filed.
   */
  async classify(set: string, sources: readonly ClassifySource[], action: 'copy' | 'move' | null, thumbnail: (id: number) => string): Promise<void> {
    this.clearPreviews();
    this.busy = true;
    this.cancelling = false;
    this.stopped = null;
    const batches: number[] = [];
    this.resultsSet = set;
    this.handFiled = null;
    this.action = action;
    this.results = [];
    const items: ClassifiedItem[] = [];
    const byPath = sources.filter((s) => s.path !== null) as Array<{ path: string } & ClassifySource>;
    const byBytes = sources.filter((s): s is { file: File; path: null } => 'file' in s && s.path === null);
    const previewOf = (source: ClassifySource): string | null => {
      if ('photoId' in source) return thumbnail(source.photoId);
      try {
        const url = URL.createObjectURL(source.file);
        this.previews.push(url);
        return url;
      } catch {
        return null;
      }
    };
    for (let start = 0; start < byPath.length && !this.cancelling; start += FILES_PER_CALL) {
      const chunk = byPath.slice(start, start + FILES_PER_CALL);
      const result = await this.client.classifyFiles({ into: set, files: chunk.map((s) => s.path), ...(action ? { action } : {}) });
      if (!result.ok && result.error.code === 'cancelled') break;
      if (!result.ok) return this.fail(result.error.message);
      if (result.value.batchId !== null) batches.push(result.value.batchId);
      result.value.photos.forEach((photo, i) => items.push(item(photo, chunk[i] ? previewOf(chunk[i]) : null)));
      this.results = [...items];
    }
    for (const source of byBytes) {
      if (this.cancelling) break;
      const data = await imageAsBase64(source.file);
      if (data === null) {
        items.push(unreadItem(source.file.name, 'This photo is too large to send from a browser.'));
        continue;
      }
      const result = await this.client.classifyImage({ into: set, name: source.file.name, data });
      if (!result.ok && result.error.code === 'cancelled') break;
      // One file the services refuse gets its own row; the rest of the drop goes on.
      if (!result.ok) {
        items.push(unreadItem(source.file.name, 'Lumen could not classify this file.', result.error.message));
        this.results = [...items];
        continue;
      }
      for (const photo of result.value.photos) items.push(item(photo, previewOf(source)));
      this.results = [...items];
    }
    this.results = items;
    this.busy = false;
    this.batchesOf = { results: items, ids: batches };
    if (this.cancelling) this.stopped = stoppedSentence(items.length, sources.length, batches.length > 0);
    this.cancelling = false;
    if (batches.length > 0) this.undoable = set;
  }

  /** Stops the classification in progress: the photos not yet sent are left alone, and the batch in progress stops before it files anything. */
  async cancel(): Promise<void> {
    if (!this.busy || this.cancelling) return;
    this.cancelling = true;
    const result = await this.client.cancelClassify();
    if (!result.ok) this.error = result.error.message;
  }

  /**
   * Puts back the files of the copies or moves (one per call) that made the results shown, newest
   * first, through the history as Ctrl+Z and the History panel do, so each is marked undone there.
   */
  async undo(): Promise<Result<UndoResponse>> {
    const batches = this.batchesOf && this.batchesOf.results === this.results ? this.batchesOf.ids : [];
    const history = await this.client.listHistory();
    if (!history.ok) return history;
    const entries = history.value.filter((entry) => entry.batchId !== undefined && batches.includes(entry.batchId) && entry.undoneAt === null);
    let undone: UndoResponse | null = null;
    for (const entry of entries) {
      const result = await this.client.undoHistoryEntry({ id: entry.id });
      if (!result.ok) return undone ? ok(undone) : result;
      const files = result.value.files;
      if (!files) continue;
      undone = undone ? { ...files, restored: [...undone.restored, ...files.restored], kept: [...undone.kept, ...files.kept] } : files;
    }
    this.batchesOf = null;
    this.undoable = null;
    this.results = this.results?.map((r) => ({ ...r, destination: null })) ?? null;
    return undone ? ok(undone) : err('nothing-to-undo', 'there is no copy or move to undo');
  }

  close(): void {
    this.results = null;
    this.stopped = null;
    this.clearPreviews();
  }

  /**
   * Files library photos into one category a person picked (no scoring): each is copied or moved
   * into the category's folder; the results panel shows each photo's outcome, and Undo puts them back.
   */
  async fileInto(
    set: string,
    category: string,
    photos: ReadonlyArray<{ id: number; path: string }>,
    action: 'copy' | 'move',
    thumbnail: (id: number) => string,
  ): Promise<Result<void>> {
    this.clearPreviews();
    this.busy = true;
    this.resultsSet = set;
    this.handFiled = category;
    this.action = action;
    this.results = [];
    const result = await this.client.fileIntoCategory({ set, category, files: photos.map((p) => p.path), action });
    this.busy = false;
    if (!result.ok) {
      this.results = null;
      return result;
    }
    this.results = result.value.photos.map((photo, i) => item(photo, photos[i] ? thumbnail(photos[i].id) : null));
    this.batchesOf = { results: this.results, ids: result.value.batchId === null ? [] : [result.value.batchId] };
    if (result.value.batchId !== null) this.undoable = set;
    await this.refresh();
    return ok(undefined);
  }

  private fail(message: string): void {
    this.busy = false;
    this.error = message;
    if (this.results?.length === 0) this.results = null;
  }

  private clearPreviews(): void {
    for (const url of this.previews) URL.revokeObjectURL?.(url);
    this.previews = [];
  }
}

/** What a cancelled classification did, for the results panel. */
function stoppedSentence(done: number, asked: number, filed: boolean): string {
  const left = asked - done;
  return `Stopped: ${done} of ${asked} photos were classified${filed ? ' and filed as shown (Undo puts them back)' : ''}; the other ${left} were left as they were.`;
}

/** A dropped file that got no classification: a sentence for a person, the services' words as its detail. */
function unreadItem(name: string, error: string, detail?: string): ClassifiedItem {
  return { path: name, name, outcome: 'unsure', ranked: [], destination: null, error, ...(detail ? { detail } : {}), preview: null };
}

function item(photo: ClassifiedPhoto, preview: string | null): ClassifiedItem {
  return { ...photo, name: photo.path.split(/[\\/]/).pop() ?? photo.path, preview };
}
