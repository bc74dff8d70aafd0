import { fork, type ChildProcess } from 'node:child_process';
import { ChannelClient, valueOrThrow } from '../../../src-common/channel';
import { LumenFailure } from '../../../src-common/result';
import type { WorkerCallName, WorkerCalls, WorkerEvents } from '../indexer/embed-worker/protocol';
import type { Logger } from '../logging/logger';
import { relayLogRecord } from '../logging/process-logger';
import { childProcessTransport } from '../ipc/process-transport';
import {
  defaultWorkerMemoryLimit,
  formatBytes,
  memoryWatchArguments,
  newMemoryWatch,
  takeMemoryReport,
  type MemoryWatch,
} from '../indexer/embed-worker/memory-watchdog';
import { resolveWorkerEntry, type WorkerEntry } from './worker-entry';
import type { ImageSource, ImageVectorOutcome } from '../indexer/embed-worker/protocol';
import type { LoadedModel, ModelLoadRequest, SwitchableEncoder } from './image-text-encoder';
import type { PreviewJob } from '../photos/preview-copy';

export interface EmbedWorkerStartOptions {
  /** Resident memory the worker may use before it ends itself (memory-watchdog.ts); default: defaultWorkerMemoryLimit(). */
  memoryLimitBytes?: number;
  /** libuv threads for the worker (UV_THREADPOOL_SIZE; see workerThreadPoolSize); default: libuv's 4. */
  threadPoolSize?: number;
  /** The script to start; default: the real worker (resolveWorkerEntry). Tests start one that wraps it. */
  entry?: WorkerEntry;
  /** Where the worker's log lines go (it keeps no file of its own); default: nowhere. */
  logger?: Logger;
}

/** Host side of the embed worker: starts the child process and makes typed calls to it over the one channel (src-common/channel.ts). */
export class EmbedWorkerClient implements SwitchableEncoder {
  private readonly channel: ChannelClient<WorkerCalls, WorkerEvents>;
  private exited = false;
  /** The folder of the model last asked for, to name in a report. */
  private modelFolder: string | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly memoryWatch: MemoryWatch,
    logger?: Logger,
  ) {
    this.channel = new ChannelClient<WorkerCalls, WorkerEvents>(childProcessTransport(child), 'the embed worker');
    if (logger) this.channel.listen('log', (record) => relayLogRecord(logger, record));
    child.on('exit', (code, signal) => {
      this.exited = true;
      const reason = this.memoryFailure() ?? new LumenFailure('worker-exited', `the embed worker stopped (${signal ?? `exit code ${code}`})`);
      this.channel.fail(reason);
    });
  }

  static start(options: EmbedWorkerStartOptions = {}): EmbedWorkerClient {
    const entry = options.entry ?? resolveWorkerEntry();
    const watch = newMemoryWatch(options.memoryLimitBytes ?? defaultWorkerMemoryLimit());
    const child = fork(entry.script, [...memoryWatchArguments(watch), ...(entry.args ?? [])], {
      execArgv: entry.execArgv,
      ...(options.threadPoolSize ? { env: { ...process.env, UV_THREADPOOL_SIZE: String(options.threadPoolSize) } } : {}),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new EmbedWorkerClient(child, watch, options.logger);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Ends the worker at once (a hung decode cannot be interrupted any other way); pending calls reject with worker-exited. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** The child's process id (tests use it to kill a worker the way a crash would). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The worker's answer, or its failure thrown as a LumenFailure (worker-exited when the worker has gone). */
  async call<K extends WorkerCallName>(call: K, args: WorkerCalls[K]['args']): Promise<WorkerCalls[K]['result']> {
    if (this.exited) throw new LumenFailure('worker-exited', 'the embed worker is not running');
    const folder = modelFolderOf(call, args);
    if (folder !== null) this.modelFolder = folder;
    return valueOrThrow(await this.channel.call(call, args));
  }

  embedTexts(texts: string[]): Promise<Float32Array[]> {
    return this.call('embed-texts', { texts });
  }

  embedImages(images: ImageSource[]): Promise<ImageVectorOutcome[]> {
    return this.call('embed-images', { images });
  }

  /** Decodes an original into a preview copy in the worker process (the services never decode one themselves). */
  async makePreview(job: PreviewJob): Promise<void> {
    await this.call('make-preview', job);
  }

  loadModel(request: ModelLoadRequest): Promise<LoadedModel> {
    return this.call('load-model', request);
  }

  /** The refusal to give when the watchdog ended the worker: which model, doing what, how much memory. */
  private memoryFailure(): LumenFailure | null {
    const report = takeMemoryReport(this.memoryWatch);
    if (!report) return null;
    const calls = new Set(this.channel.pendingMethods());
    const doing = calls.has('load-model')
      ? 'while loading'
      : calls.has('embed-texts')
        ? 'in its text tower'
        : calls.size > 0
          ? 'in its vision tower'
          : 'while idle';
    const model = this.modelFolder ? `the model in ${this.modelFolder}` : 'the model';
    return new LumenFailure(
      'bad-model',
      `${model} used ${formatBytes(report.rssBytes)} of memory ${doing}, more than the ${formatBytes(report.limitBytes)} a model may use, so Lumen stopped it: the model is damaged or not made for Lumen; choose another model (lumen model use, or --model)`,
    );
  }

  async dispose(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The model folder a load-model request names, else null (checked at run time: `K` is not narrowed by a test on `call`). */
function modelFolderOf(call: WorkerCallName, args: unknown): string | null {
  if (call !== 'load-model' || typeof args !== 'object' || args === null || !('folder' in args)) return null;
  return typeof args.folder === 'string' ? args.folder : null;
}
