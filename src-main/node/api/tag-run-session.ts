/**
 * Auto-tagging as the window sees it: one run at a time in the background, its latest progress kept
 * for `state()` and pushed as a `tagRunProgress` event after every change (like indexing).
 */
import type { TagRunRequest, TagRunState } from '../../../src-common/contract-organize';
import type { TagRunProgress, TagRunSummary } from '../../../src-common/contract';
import { describeCaught, LumenFailure, type LumenError } from '../../../src-common/result';
import { logFailure, type Logger } from '../logging/logger';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import type { TagService } from '../tagging/tag-service';
import type { LumenEventHub } from '../../../src-common/contract-events';

export class TagRunSession {
  private tags: string[] = [];
  private progress: TagRunProgress | null = null;
  private lastSummary: TagRunSummary | null = null;
  private lastError: LumenError | null = null;
  private cancellation: CancellationTokenSource | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly service: Pick<TagService, 'run' | 'listTags'>,
    private readonly logger: Logger,
    /** Where `tagRunProgress` and `error` go. */
    private readonly events?: Pick<LumenEventHub, 'fire'>,
  ) {}

  private changed(): TagRunState {
    const state = this.state();
    this.events?.fire('tagRunProgress', state);
    return state;
  }

  state(): TagRunState {
    return {
      running: this.running !== null,
      tags: [...this.tags],
      progress: this.progress ? { ...this.progress } : null,
      lastSummary: this.lastSummary,
      lastError: this.lastError,
    };
  }

  /** Starts a run; refused while one is going. Unknown tags are refused before it starts. */
  start(request: TagRunRequest): TagRunState {
    if (this.running) throw new LumenFailure('busy', 'auto-tagging is already running; wait for it or cancel it');
    const known = new Set(this.service.listTags().map((tag) => tag.name));
    const unknown = request.tags.find((tag) => !known.has(tag));
    if (unknown !== undefined) throw new LumenFailure('unknown-tag', `no tag named "${unknown}"`);
    const cancellation = new CancellationTokenSource();
    this.cancellation = cancellation;
    this.tags = [...request.tags];
    this.progress = { done: 0, total: 0 };
    this.lastSummary = null;
    this.lastError = null;
    const scope = request.folder ? { folder: request.folder } : request.photos ? { photos: request.photos } : undefined;
    const onProgress = (p: TagRunProgress): void => {
      this.progress = p;
      this.changed();
    };
    this.running = this.service
      .run({ tags: request.tags, ...(scope ? { scope } : {}), token: cancellation.token, onProgress })
      .then(
        (summary) => {
          this.lastSummary = summary;
        },
        (error: unknown) => {
          logFailure(this.logger, error, 'tag run failed', { tags: request.tags });
          this.lastError = describeCaught(error);
          this.events?.fire('error', this.lastError);
        },
      )
      .finally(() => {
        this.running = null;
        this.cancellation = null;
        this.changed();
      });
    return this.changed();
  }

  cancel(): TagRunState {
    this.cancellation?.cancel();
    return this.changed();
  }

  /** Resolves when no run is going (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
