/**
 * Indexing progress for the bar and the sidebar, polled: often while a run is going, rarely when
 * idle (another window or the CLI may start one). Polling works the same over IPC and HTTP.
 */
import type { IndexingAction, IndexingState as IndexingSnapshot } from '../../../src-common/contract-app';
import type { LumenClient } from '../api/lumen-client';

export const ACTIVE_POLL_MS = 300;
export const IDLE_POLL_MS = 3_000;

export class IndexingState {
  snapshot = $state.raw<IndexingSnapshot | null>(null);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;

  constructor(
    private readonly client: LumenClient,
    /** Called when a run ends (and while one goes, every few polls), so counts and the grid refresh. */
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
    this.stopped = false;
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** After addFolder/reindexAll: show the new state at once and poll fast. */
  accept(snapshot: IndexingSnapshot): void {
    this.snapshot = snapshot;
    this.reschedule();
  }

  /** Reads the state now (after a call that may have started a run, such as a model switch). */
  refresh(): Promise<void> {
    return this.poll();
  }

  async control(action: IndexingAction): Promise<void> {
    const result = await this.client.controlIndexing(action);
    if (result.ok) this.accept(result.value);
    else this.error = result.error.message;
  }

  private polls = 0;

  private async poll(): Promise<void> {
    const wasRunning = this.running;
    const result = await this.client.getIndexing();
    if (this.stopped) return;
    if (result.ok) {
      this.snapshot = result.value;
      this.error = null;
      this.polls++;
      if (wasRunning && !this.running) this.onProgressMade(true);
      else if (this.running && this.polls % 6 === 0) this.onProgressMade(false);
    } else {
      this.error = result.error.message;
    }
    this.reschedule();
  }

  private reschedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), this.running ? ACTIVE_POLL_MS : IDLE_POLL_MS);
  }
}
