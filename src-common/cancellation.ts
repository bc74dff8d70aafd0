/**
 * Cancellation for long operations (index run, tag run, classify batch, model download, re-embed),
 * shaped like VS Code's: the caller keeps the source and hands the token to the work, which checks
 * `isCancellationRequested` between steps or listens once. Works the same in every process.
 */
import { LumenFailure } from './result';

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
  /** Called once when cancellation is requested (at once if it already was); returns a function that stops listening. */
  onCancellationRequested(listener: () => void): () => void;
}

/** A token that is never cancelled, for callers that do not cancel. */
export const NEVER_CANCELLED: CancellationToken = Object.freeze({
  isCancellationRequested: false,
  onCancellationRequested: () => () => {},
});

/** The failure a cancelled call answers (code `cancelled`), with a sentence saying what was kept. */
export function throwIfCancelled(token: CancellationToken, sentence: string): void {
  if (token.isCancellationRequested) throw new LumenFailure('cancelled', sentence);
}

export class CancellationTokenSource {
  private cancelled = false;
  private readonly listeners = new Set<() => void>();
  readonly token: CancellationToken;

  /** With a parent, cancelling the parent cancels this source too. */
  constructor(parent?: CancellationToken) {
    const isCancelled = (): boolean => this.cancelled;
    this.token = {
      get isCancellationRequested(): boolean {
        return isCancelled();
      },
      onCancellationRequested: (listener) => {
        if (this.cancelled) {
          listener();
          return () => {};
        }
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    parent?.onCancellationRequested(() => this.cancel());
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const waiting = [...this.listeners];
    this.listeners.clear();
    for (const listener of waiting) listener();
  }

  /** An AbortSignal that aborts with this source, for APIs that take one (fetch, child processes). */
  toAbortSignal(): AbortSignal {
    const controller = new AbortController();
    this.token.onCancellationRequested(() => controller.abort());
    return controller.signal;
  }
}
