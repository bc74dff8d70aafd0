/**
 * Indexing as the window sees it: folders are queued and indexed one at a time (so the sidebar
 * can show which folder is in progress), with the latest progress kept for `state()` and pushed as an
 * `indexProgress` event after every change. Transport-free: IPC and HTTP relay the events.
 */
import type { IndexingAction, IndexingState } from '../../../src-common/contract-app';
import type { IndexProgress, IndexSummary } from '../../../src-common/contract';
import { describeCaught, type LumenError } from '../../../src-common/result';
import type { Indexer } from '../indexer/indexer';
import { logFailure, type Logger } from '../logging/logger';
import { IndexRunControl } from '../indexer/run-control';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import type { LumenEventHub } from '../../../src-common/contract-events';

export class IndexingSession {
  private current: string | null = null;
  private readonly queued: string[] = [];
  /** Queued or current folders whose failed files are tried again even if unchanged. */
  private readonly retrying = new Set<string>();
  private progress: IndexProgress | null = null;
  private lastSummary: IndexSummary | null = null;
  private lastError: LumenError | null = null;
  /** Pause and resume of the folder being indexed. */
  private runControl: IndexRunControl | null = null;
  /** Cancels the folder being indexed (the indexer links it to the run's control). */
  private runCancellation: CancellationTokenSource | null = null;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly indexer: Pick<Indexer, 'indexFolders' | 'resolveFolders'>,
    private readonly logger: Logger,
    /** Called after each folder's run, so caches (status counts) can refresh. */
    private readonly onFolderDone: () => void = () => {},
    /** Where `indexProgress`, `libraryChanged` and `error` go. */
    private readonly events?: Pick<LumenEventHub, 'fire'>,
  ) {}

  private changed(): IndexingState {
    const state = this.state();
    this.events?.fire('indexProgress', state);
    return state;
  }

  state(): IndexingState {
    return {
      current: this.current,
      queued: [...this.queued],
      progress: this.progress ? { ...this.progress } : null,
      lastSummary: this.lastSummary,
      lastError: this.lastError,
    };
  }

  /** Queues folders not already current or queued; starts the queue if idle. */
  enqueue(folders: readonly string[], options: { retryErrors?: boolean } = {}): IndexingState {
    for (const folder of this.indexer.resolveFolders(folders)) {
      // A folder being indexed now is queued again when its failures are to be retried.
      const waiting = this.queued.includes(folder) || (folder === this.current && !options.retryErrors);
      if (!waiting) this.queued.push(folder);
      if (options.retryErrors) this.retrying.add(folder);
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
    return this.changed();
  }

  control(action: IndexingAction): IndexingState {
    if (action === 'cancel') {
      this.queued.length = 0;
      this.retrying.clear();
    }
    const control = this.runControl;
    if (action === 'cancel') this.runCancellation?.cancel();
    else if (action === 'pause') control?.pause();
    else control?.resume();
    return this.changed();
  }

  /** Resolves when the queue is empty (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    let folder = this.queued.shift();
    while (folder !== undefined) {
      this.current = folder;
      this.progress = null;
      this.lastError = null;
      const cancellation = new CancellationTokenSource();
      const control = new IndexRunControl();
      this.runControl = control;
      this.runCancellation = cancellation;
      this.changed();
      try {
        const retryErrors = this.retrying.delete(folder);
        const onProgress = (p: IndexProgress): void => {
          this.progress = p;
          this.changed();
        };
        this.lastSummary = await this.indexer.indexFolders([folder], { control, token: cancellation.token, retryErrors, onProgress });
      } catch (error) {
        logFailure(this.logger, error, 'indexing run failed', { folder });
        this.lastError = describeCaught(error);
        this.events?.fire('error', this.lastError);
      } finally {
        this.runControl = null;
        this.runCancellation = null;
        this.current = null;
        this.onFolderDone();
        this.changed();
        this.events?.fire('libraryChanged', { reason: 'indexed' });
      }
      if (cancellation.token.isCancellationRequested) break;
      folder = this.queued.shift();
    }
  }
}
