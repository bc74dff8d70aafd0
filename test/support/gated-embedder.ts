/** A pass-through to the real embed worker pool that can hold results back at one chosen moment. */
import type { FileJob, PhotoOutcome } from '../../src-main/node/indexer/embed-worker/protocol';
import type { EmbedWorkerPool, PhotoEmbedder } from '../../src-main/node/inference/worker-pool';

/**
 * Embeds with the real pool (real worker processes); when the first batch comes back, `gate` runs
 * once, and every batch waits for it before the indexer sees (and writes) its results. So a fault
 * injected by the gate (a lock taken, a folder made read-only) is in place before the run's next
 * write, whatever the speed of the machine.
 */
export class GatedEmbedder implements PhotoEmbedder {
  private opened: Promise<void> | undefined;
  batches = 0;

  constructor(
    private readonly inner: EmbedWorkerPool,
    private readonly gate: () => Promise<void>,
  ) {}

  get maxBatchesInFlight(): number {
    return this.inner.maxBatchesInFlight;
  }

  async embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    const outcomes = await this.inner.embed(files);
    this.batches++;
    this.opened ??= this.gate();
    await this.opened;
    return outcomes;
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
