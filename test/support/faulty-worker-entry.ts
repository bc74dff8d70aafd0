import { join } from 'node:path';
import type { WorkerEntry } from '../../src-main/node/inference/worker-entry';

/** The embed worker of faulty-embed-worker.ts, crashing or hanging on files whose names contain these. */
export function faultyWorkerEntry(fault: { crashOn?: string; hangOn?: string }): WorkerEntry {
  return {
    script: join(import.meta.dirname, 'faulty-embed-worker.ts'),
    execArgv: ['--import', 'tsx'],
    args: [...(fault.crashOn ? [`--crash-on=${fault.crashOn}`] : []), ...(fault.hangOn ? [`--hang-on=${fault.hangOn}`] : [])],
  };
}
