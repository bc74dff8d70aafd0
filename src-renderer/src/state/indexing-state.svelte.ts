/**
 * Indexing progress for the bar and the sidebar, pushed by the services as `indexProgress` events
 * (another window or the CLI may start a run too); read once on start and again on reconnecting.
 */
import type { IndexingAction, IndexingState as IndexingSnapshot } from '../../../src-common/contract-app';
import type { LumenClient } from '../api/lumen-client';

/** While a run goes, every this many progress events the counts and the grid refresh. */
const EVENTS_PER_REFRESH = 12;

export class IndexingState {
  snapshot = $state.raw<IndexingSnapshot | null>(null);
  error = $state<string | null>(null);
  private stopListening: (() => void) | null = null;
  private progressEvents = 0;

  constructor(
    private readonly client: LumenClient,
    /** Called when a run ends (and while one goes, every few progress events), so counts and the grid refresh. */
    private readonly onProgressMade: (finished: boolean) => void = () => {},
  ) {}

  get running(): boolean {
    return this.snapshot?.current != null;
  }

  get progress() {
    return this.snapshot?.progress ?? null;
  }

  /** 0…1 for the bar, or null while the total is unknown (still scanning with nothing found). */
  get fraction(): number | null {
    const p = this.progress;
    if (!p || p.found === 0) return null;
    return Math.min(1, (p.done + p.skipped + p.failed) / p.found);
  }

  isIndexing(folder: string): boolean {
    return this.snapshot?.current === folder;
  }

  isQueued(folder: string): boolean {
    return this.snapshot?.queued.includes(folder) ?? false;
  }

  start(): void {
    this.stopListening ??= this.client.listen('indexProgress', (state) => this.accept(state));
    void this.refresh();
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  /** A state from a call (addFolder, reindexAll) or an event. */
  accept(snapshot: IndexingSnapshot): void {
    const wasRunning = this.running;
    this.snapshot = snapshot;
    this.error = null;
    if (wasRunning && !this.running) this.onProgressMade(true);
    else if (this.running && ++this.progressEvents % EVENTS_PER_REFRESH === 0) this.onProgressMade(false);
  }

  /** Reads the state now (on start, and after reconnecting, when events may have been missed). */
  async refresh(): Promise<void> {
    const result = await this.client.getIndexing();
    if (result.ok) this.accept(result.value);
    else this.error = result.error.message;
  }

  async control(action: IndexingAction): Promise<void> {
    const result = await this.client.controlIndexing(action);
    if (result.ok) this.accept(result.value);
    else this.error = result.error.message;
  }
}
