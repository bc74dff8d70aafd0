import { fork, type ChildProcess } from 'node:child_process';
import { LumenFailure } from '../../../../src-common/result';
import type { WorkerCallName, WorkerCalls, WorkerRequest, WorkerResponse } from './protocol';
import { resolveWorkerEntry } from './worker-entry';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Host side of the embed worker: starts the child process and turns messages into typed calls. */
export class EmbedWorkerClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: WorkerResponse) => this.settle(message));
    child.on('exit', (code, signal) => {
      this.exited = true;
      const reason = new LumenFailure('worker-exited', `the embed worker stopped (${signal ?? `exit code ${code}`})`);
      for (const waiting of this.pending.values()) waiting.reject(reason);
      this.pending.clear();
    });
  }

  static start(): EmbedWorkerClient {
    const entry = resolveWorkerEntry();
    const child = fork(entry.script, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new EmbedWorkerClient(child);
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

  call<K extends WorkerCallName>(call: K, args: WorkerCalls[K]['args']): Promise<WorkerCalls[K]['result']> {
    if (this.exited) return Promise.reject(new LumenFailure('worker-exited', 'the embed worker is not running'));
    const id = this.nextId++;
    const request: WorkerRequest<K> = { id, call, args };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send(request);
    });
  }

  private settle(message: WorkerResponse): void {
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new LumenFailure(message.error.code, message.error.message));
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
