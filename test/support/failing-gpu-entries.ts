import { join } from 'node:path';
import type { WorkerEntry } from '../../src-main/node/inference/worker-entry';
import { formatProviderFault, type ProviderFault } from './provider-fault';

/** Embed workers whose sessions on `fault.provider` fail mid-run (failing-gpu-embed-worker.ts). */
export function failingGpuWorkerEntry(fault: ProviderFault): WorkerEntry {
  return {
    script: join(import.meta.dirname, 'failing-gpu-embed-worker.ts'),
    execArgv: ['--import', 'tsx'],
    args: [`--provider-fault=${formatProviderFault(fault)}`],
  };
}

/** `node --import tsx <this> <fault> <lumen arguments…>`: the real CLI, its embed workers failing as `fault` says (failing-gpu-cli.ts). */
export const FAILING_GPU_CLI = join(import.meta.dirname, 'failing-gpu-cli.ts');
