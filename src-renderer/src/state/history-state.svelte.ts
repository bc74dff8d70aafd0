/**
 * The window's history: the changes recorded by the services (copies and moves, tag changes,
 * folders added or removed, photos' marks), re-read whenever they say it changed (`historyChanged`), and undo —
 * Ctrl+Z takes back the newest change not undone yet (or says why it cannot be), the History panel any of them.
 * What was undone is said in a toast, in plain words.
 */
import type { HistoryEntry, HistoryUndoResult } from '../../../src-common/contract-history';
import type { LumenClient } from '../api/lumen-client';

export class HistoryState {
  entries = $state.raw<HistoryEntry[]>([]);
  /** The History panel is open. */
  open = $state(false);
  /** What the last undo did, in plain words, for the toast; null when there is nothing to say. */
  undone = $state<string | null>(null);
  error = $state<string | null>(null);
  /** An undo is on its way (the panel's buttons wait for it). */
  busy = $state(false);
  private stopListening: (() => void) | null = null;
  /** Undos run one after the other, as pressed: a second Ctrl+Z while the first is on its way undoes the change before it next, as in an editor. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: LumenClient,
    /** After an undo: what the window shows (photos, folders, tags) may have changed. */
    private readonly afterUndo: (undone: HistoryUndoResult) => Promise<void> | void = () => {},
  ) {}

  start(): void {
    this.stopListening ??= this.client.listen('historyChanged', () => void this.refresh());
    void this.refresh();
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  async refresh(): Promise<void> {
    const result = await this.client.listHistory();
    if (result.ok) this.entries = result.value;
    else this.error = result.error.message;
  }

  /** Undoes one entry, or (no id) the newest not undone yet, after any undo already asked for; says what was undone, or why it cannot be. */
  undo(id?: number): Promise<boolean> {
    const run = this.queue.then(() => this.undoNow(id));
    // The queue only orders the undos; each caller hears of its own failure through `run`.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async undoNow(id: number | undefined): Promise<boolean> {
    this.busy = true;
    let undone: HistoryUndoResult;
    try {
      const result = await this.client.undoHistoryEntry(id === undefined ? {} : { id });
      if (!result.ok) {
        this.error = result.error.code === 'nothing-to-undo' ? 'There is nothing to undo.' : result.error.message;
        this.undone = null;
        return false;
      }
      this.error = null;
      undone = result.value;
      this.undone = undone.sentence;
      await this.refresh();
    } finally {
      this.busy = false;
    }
    await this.afterUndo(undone);
    return true;
  }

  dismiss(): void {
    this.undone = null;
    this.error = null;
  }
}
