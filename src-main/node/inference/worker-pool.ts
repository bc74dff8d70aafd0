import type { Logger } from '../logging/logger';
import { LumenFailure } from '../../../src-common/result';
import type { FileJob, PhotoOutcome, WorkerCalls } from '../indexer/embed-worker/protocol';
import { workerThreadPoolSize } from './pool-shape';
import { EmbedWorkerClient } from './worker-client';
import type { WorkerEntry } from './worker-entry';

export interface EmbedWorkerPoolOptions {
  /** Worker processes; each decodes and infers its own batches. */
  size: number;
  /** Photos of a batch a worker decodes at once (pool-shape.ts); default 1. */
  decodeConcurrency?: number;
  /** Batches sent to one worker before it answers: 2 lets it decode one while inferring the other. */
  batchesPerWorker?: number;
  model: WorkerCalls['load-model']['args'];
  libraryDir: string;
  /**
   * How long a batch may take before its worker is presumed stuck (a read on a stalled network
   * share never returns) and killed: `baseMs + perFileMs × files`. Generous, because a slow CPU
   * with a large model is not stuck.
   */
  timeout?: { baseMs: number; perFileMs: number };
  /**
   * The image tower the library stores this pool's vectors under. Workers load the model from disk
   * when they start, so files changed since the library opened them give another tower: such a
   * worker is refused (`model-changed`) and the run stops, rather than its vectors landing under
   * this tower. Unchecked when absent.
   */
  imageTowerId?: string;
  /** The worker script each process starts; default: the real worker. */
  workerEntry?: WorkerEntry;
  /** Where the workers' log lines go; default: nowhere. */
  logger?: Logger;
}

const DEFAULT_TIMEOUT = { baseMs: 120_000, perFileMs: 15_000 };

/** Something that turns files into embedded (or failed) photos; the indexer depends on this only. */
export interface PhotoEmbedder {
  readonly maxBatchesInFlight: number;
  embed(files: FileJob[]): Promise<PhotoOutcome[]>;
  /** Stops idle workers; the next embed starts them again. */
  stop(): Promise<void>;
}

interface Slot {
  worker: Promise<EmbedWorkerClient>;
  busy: number;
}

/**
 * A pool of embed worker processes, started lazily. Processes rather than threads, because
 * onnxruntime-node is not safe in worker_threads, and because a decoder crash then costs one
 * process, not the app. A worker that dies mid-batch is replaced, and the batch is retried one file
 * at a time so that only the file that kills a worker on its own is recorded as failed.
 */
export class EmbedWorkerPool implements PhotoEmbedder {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<() => void> = [];
  private readonly batchesPerWorker: number;
  private readonly decodeConcurrency: number;
  private crashes = 0;

  constructor(private readonly options: EmbedWorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new LumenFailure('bad-argument', `a worker pool needs at least one worker, not ${options.size}`);
    this.batchesPerWorker = options.batchesPerWorker ?? 2;
    this.decodeConcurrency = Math.max(1, options.decodeConcurrency ?? 1);
  }

  get maxBatchesInFlight(): number {
    return this.options.size * this.batchesPerWorker;
  }

  /** Worker processes that died and were replaced since the pool was made. */
  get crashCount(): number {
    return this.crashes;
  }

  /** Process ids of the running workers. */
  async pids(): Promise<number[]> {
    const workers = await Promise.all(this.slots.map((slot) => slot.worker));
    return workers.filter((w) => w.alive).flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  async embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    try {
      return await this.run(files);
    } catch (error) {
      if (!isWorkerLoss(error)) throw error;
      return this.isolateCrash(files);
    }
  }

  /** Peak resident memory of each running worker, for benchmarks. */
  async workerPeakRss(): Promise<number[]> {
    const workers = (await Promise.all(this.slots.map((slot) => slot.worker))).filter((w) => w.alive);
    return Promise.all(workers.map(async (w) => (await w.call('resource-usage', {})).maxRssBytes));
  }

  /** Starts every worker now rather than on first use (benchmarks time the pipeline, not process start-up). */
  async warm(): Promise<void> {
    while (this.slots.length < this.options.size) this.slots.push({ worker: this.startWorker(), busy: 0 });
    await Promise.all(this.slots.map((slot) => slot.worker));
  }

  async stop(): Promise<void> {
    const slots = this.slots.splice(0);
    // A worker that failed to start has no process to stop; its failure went to the run that waited for it.
    await Promise.all(slots.map(async (slot) => (await slot.worker.catch(() => null))?.dispose()));
  }

  private async run(files: FileJob[]): Promise<PhotoOutcome[]> {
    const slot = await this.acquire();
    let worker: EmbedWorkerClient | undefined;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      worker = await slot.worker;
      const stuck = worker;
      const { baseMs, perFileMs } = this.options.timeout ?? DEFAULT_TIMEOUT;
      const limitMs = baseMs + perFileMs * files.length;
      timer = setTimeout(() => {
        timedOut = true;
        stuck.kill();
      }, limitMs);
      return await worker.call('embed-files', {
        files,
        libraryDir: this.options.libraryDir,
        ...(this.decodeConcurrency > 1 ? { decodeConcurrency: this.decodeConcurrency } : {}),
      });
    } catch (error) {
      // Forgotten at once (not on a later tick), so the retry that follows cannot pick the dead slot.
      if (!worker?.alive) this.forget(slot);
      if (timedOut) throw new LumenFailure('worker-timeout', 'took too long');
      throw error;
    } finally {
      clearTimeout(timer);
      this.release(slot);
    }
  }

  /** Every file alone in a fresh batch: the ones that still kill (or hang) a worker are the culprits. */
  private async isolateCrash(files: FileJob[]): Promise<PhotoOutcome[]> {
    const outcomes: PhotoOutcome[] = [];
    for (const file of files) {
      try {
        outcomes.push(...(await this.run([file])));
      } catch (error) {
        if (!isWorkerLoss(error)) throw error;
        outcomes.push({
          ok: false,
          path: file.path,
          size: file.size,
          mtimeMs: file.mtimeMs,
          reason: workerLossReason(error, this.options.timeout ?? DEFAULT_TIMEOUT),
        });
      }
    }
    return outcomes;
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.filter((s) => s.busy < this.batchesPerWorker).sort((a, b) => a.busy - b.busy)[0];
      if (free && (free.busy === 0 || this.slots.length >= this.options.size)) {
        free.busy++;
        return free;
      }
      if (this.slots.length < this.options.size) {
        const slot: Slot = { worker: this.startWorker(), busy: 1 };
        this.slots.push(slot);
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot): void {
    slot.busy--;
    this.waiting.shift()?.();
  }

  private forget(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.crashes++;
    this.waiting.shift()?.();
  }

  private async startWorker(): Promise<EmbedWorkerClient> {
    const worker = EmbedWorkerClient.start({
      ...(this.decodeConcurrency > 1 ? { threadPoolSize: workerThreadPoolSize(this.decodeConcurrency) } : {}),
      ...(this.options.workerEntry ? { entry: this.options.workerEntry } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    try {
      const model = await worker.call('load-model', this.options.model);
      const expected = this.options.imageTowerId;
      if (expected !== undefined && model.imageTowerId !== expected) {
        throw new LumenFailure(
          'model-changed',
          `the model in ${model.folder} changed on disk since the library opened it: its image tower is now ${model.imageTowerId.slice(0, 12)}…, not ${expected.slice(0, 12)}…, ` +
            'so its vision tower file or preprocessor_config.json was modified or damaged. Nothing was stored from it; restore the files (or reinstall the model), or restart Lumen to use them as they are',
        );
      }
      return worker;
    } catch (error) {
      await worker.dispose();
      // A worker that dies while loading the model is not a bad photo: the run cannot go on.
      if (isWorkerLoss(error)) throw new LumenFailure('worker-start-failed', `an embed worker could not start: ${(error as Error).message}`);
      throw error;
    }
  }
}

function isWorkerLoss(error: unknown): error is LumenFailure {
  return error instanceof LumenFailure && (error.code === 'worker-exited' || error.code === 'worker-timeout');
}

function workerLossReason(error: LumenFailure, timeout: { baseMs: number; perFileMs: number }): string {
  if (error.code === 'worker-timeout') {
    const seconds = Math.round((timeout.baseMs + timeout.perFileMs) / 1000);
    return `reading or decoding this file took more than ${seconds} s and was stopped: a stalled network share or drive, or a pathological file; Lumen will try again when it changes`;
  }
  const how = error.message.replace(/^the embed worker stopped \((.*)\)$/, '$1');
  return `the image decoder crashed on this file (${how}); it is probably damaged: open it in another program, re-save it, and Lumen will try again`;
}
