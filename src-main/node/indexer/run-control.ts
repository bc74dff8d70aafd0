import type { CancellationToken } from '../../../src-common/cancellation';

/**
 * Pause, resume and cancel for one indexing run. Pausing stops new work from being scanned or
 * dispatched (batches already with a worker finish and are saved); cancelling ends the run after
 * saving what is in flight, without removing anything, since the scan is incomplete.
 */
export class IndexRunControl {
  private paused = false;
  private cancelled = false;
  private wakeUps: Array<() => void> = [];
  private readonly listeners = new Set<() => void>();

  /** With a token, cancelling the token cancels the run (the window's cancel, Ctrl+C, a closing session). */
  constructor(token?: CancellationToken) {
    token?.onCancellationRequested(() => this.cancel());
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  pause(): void {
    if (this.cancelled || this.paused) return;
    this.paused = true;
    this.notify();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake();
    this.notify();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.paused = false;
    this.wake();
    this.notify();
  }

  /** Resolves at once unless paused; then when resumed or cancelled. */
  async waitWhilePaused(): Promise<void> {
    while (this.paused) await new Promise<void>((resolve) => this.wakeUps.push(resolve));
  }

  /** Called on every pause, resume and cancel (progress reporting shows the state). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private wake(): void {
    const waiting = this.wakeUps;
    this.wakeUps = [];
    for (const resolve of waiting) resolve();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
