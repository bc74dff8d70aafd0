import { watch, type FSWatcher } from 'node:fs';
import { sep } from 'node:path';

export interface FolderWatcherOptions {
  /** Re-indexes one root folder. Never called twice at once by one watcher. */
  reindex: (root: string) => Promise<void>;
  /** Quiet time after the last change before re-indexing, so a copy of 500 photos is one run, not 500. */
  debounceMs?: number;
  /**
   * Check every this many milliseconds instead of relying on change notifications. Network shares
   * (SMB, NFS) and some USB file systems deliver none for changes made by other machines.
   */
  pollIntervalMs?: number;
  /** Where notifications fail (inotify watch limit reached, say), the root is polled at this interval instead. */
  fallbackPollMs?: number;
  onError?: (root: string, error: unknown) => void;
}

/**
 * Keeps folders indexed while it runs: OS change notifications (recursive fs.watch), debounced, or
 * polling. Either way the reaction is an incremental re-index of the root, which skips unchanged
 * files by size and mtime, so one code path handles new, changed, moved and deleted photos alike.
 */
export class FolderWatcher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pollers: NodeJS.Timeout[] = [];
  private readonly watchers: FSWatcher[] = [];
  private readonly dirty = new Set<string>();
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly debounceMs: number;

  private constructor(private readonly options: FolderWatcherOptions) {
    this.debounceMs = options.debounceMs ?? 1000;
  }

  static start(roots: readonly string[], options: FolderWatcherOptions): FolderWatcher {
    const watcher = new FolderWatcher(options);
    for (const root of roots) {
      if (options.pollIntervalMs !== undefined) watcher.poll(root, options.pollIntervalMs);
      else watcher.listen(root);
    }
    return watcher;
  }

  get mode(): 'poll' | 'notify' {
    return this.options.pollIntervalMs !== undefined ? 'poll' : 'notify';
  }

  /** Resolves when no re-index is running or pending (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running || this.dirty.size > 0 || this.timers.size > 0) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, this.debounceMs / 2)));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.dirty.clear();
    for (const poller of this.pollers) clearInterval(poller);
    for (const watcher of this.watchers) watcher.close();
    await this.running;
  }

  private listen(root: string): void {
    try {
      const watcher = watch(root, { recursive: true }, (_event, name) => {
        // Hidden files and folders are not indexed, so changes there (editor swap files, .git) are noise.
        if (
          name !== null &&
          String(name)
            .split(sep)
            .some((part) => part.startsWith('.'))
        )
          return;
        this.schedule(root);
      });
      watcher.on('error', (error) => this.fallBackToPolling(root, error, watcher));
      this.watchers.push(watcher);
    } catch (error) {
      this.fallBackToPolling(root, error, null);
    }
  }

  private fallBackToPolling(root: string, error: unknown, watcher: FSWatcher | null): void {
    watcher?.close();
    this.options.onError?.(root, error);
    if (!this.closed) this.poll(root, this.options.fallbackPollMs ?? 60_000);
  }

  private poll(root: string, intervalMs: number): void {
    this.pollers.push(
      setInterval(() => {
        this.dirty.add(root);
        this.pump();
      }, intervalMs),
    );
  }

  private schedule(root: string): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(root));
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        this.dirty.add(root);
        this.pump();
      }, this.debounceMs),
    );
  }

  private pump(): void {
    if (this.running || this.closed) return;
    this.running = (async () => {
      while (this.dirty.size > 0 && !this.closed) {
        const [root] = this.dirty;
        if (root === undefined) break;
        this.dirty.delete(root);
        try {
          await this.options.reindex(root);
        } catch (error) {
          this.options.onError?.(root, error);
        }
      }
    })().finally(() => {
      this.running = null;
    });
  }
}
