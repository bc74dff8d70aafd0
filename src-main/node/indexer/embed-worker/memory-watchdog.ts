import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * A bound on the embed worker's memory. onnxruntime has no cap of its own a Node program can set
 * (its arena's max_mem is only reachable through the C API's shared allocators), and what a graph
 * computes from its inputs at run time cannot be known from the file (graph-allocation-check.ts
 * refuses what can). So the worker watches its own resident memory from a thread of its own,
 * which keeps running while the main thread is inside onnxruntime, and past the limit writes a
 * report file for its host and ends itself at once: a hostile or broken model costs at most the
 * limit (plus what it takes in one polling interval), never the machine. A file rather than a pipe:
 * it is complete before the worker ends, so the host reads it when it sees the exit, in order.
 */
export interface MemoryReport {
  rssBytes: number;
  limitBytes: number;
}

export interface MemoryWatch {
  limitBytes: number;
  /** Where the worker writes its report; created only when it ends itself. */
  reportPath: string;
}

const LIMIT_ARGUMENT = '--memory-limit-bytes=';
const REPORT_ARGUMENT = '--memory-report=';
const POLL_MS = 20;
const GiB = 1024 ** 3;

/**
 * The default limit: 60% of the computer's memory, at least 2 GB. The largest towers Lumen runs
 * (SigLIP so400m, ViT-L/14 at 336 px: a few GB of weights and activations) fit well below it.
 */
export function defaultWorkerMemoryLimit(): number {
  return Math.max(2 * GiB, Math.floor(totalmem() * 0.6));
}

/** A watch for one worker: its limit and a report path no other process can guess. */
export function newMemoryWatch(limitBytes: number): MemoryWatch {
  return { limitBytes: Math.floor(limitBytes), reportPath: join(tmpdir(), `lumen-worker-memory-${randomUUID()}.json`) };
}

/** The worker's command-line arguments carrying the watch. */
export function memoryWatchArguments(watch: MemoryWatch): string[] {
  return [`${LIMIT_ARGUMENT}${watch.limitBytes}`, `${REPORT_ARGUMENT}${watch.reportPath}`];
}

/** The watch from the worker's own command line, or null when it was started without one. */
export function memoryWatchFromArgv(argv: readonly string[]): MemoryWatch | null {
  const value = (prefix: string): string | undefined => argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  const limitBytes = Number(value(LIMIT_ARGUMENT));
  const reportPath = value(REPORT_ARGUMENT);
  return Number.isSafeInteger(limitBytes) && limitBytes > 0 && reportPath ? { limitBytes, reportPath } : null;
}

/**
 * Starts the watching thread in this (the worker) process. Plain JavaScript evaluated in the
 * thread, so it needs no file of its own next to the bundled worker; it loads nothing but fs.
 */
export function watchOwnMemory(watch: MemoryWatch): void {
  // 'wx': never follows a link planted at the path, never overwrites a file.
  const source = `
    const { workerData } = require('node:worker_threads');
    const { writeFileSync } = require('node:fs');
    const { limitBytes, reportPath, pollMs } = workerData;
    setInterval(() => {
      const rssBytes = process.memoryUsage.rss();
      if (rssBytes <= limitBytes) return;
      // Without its report the host still sees the worker die (and says so); the kill must not wait on it.
      try { writeFileSync(reportPath, JSON.stringify({ rssBytes, limitBytes }), { flag: 'wx', mode: 0o600 }); } catch {}
      process.kill(process.pid, 'SIGKILL');
    }, pollMs);
  `;
  const thread = new Worker(source, { eval: true, workerData: { ...watch, pollMs: POLL_MS } });
  thread.unref();
}

/** The report the worker left when it ended itself (removing it), or null when it left none. */
export function takeMemoryReport(watch: MemoryWatch): MemoryReport | null {
  let text: string;
  try {
    text = readFileSync(watch.reportPath, 'utf8');
  } catch {
    return null;
  }
  rmSync(watch.reportPath, { force: true });
  try {
    const report = JSON.parse(text) as Partial<MemoryReport>;
    return typeof report.rssBytes === 'number' && typeof report.limitBytes === 'number' ? { rssBytes: report.rssBytes, limitBytes: report.limitBytes } : null;
  } catch {
    return null;
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
