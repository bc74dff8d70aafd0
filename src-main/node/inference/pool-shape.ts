import { availableParallelism } from 'node:os';

export interface IndexPoolShape {
  /** Worker processes; each loads the model and decodes and infers its own batches. */
  size: number;
  /** onnxruntime intra-op threads per worker. */
  intraOpThreads: number;
  /** Photos of a batch one worker decodes at once. */
  decodeConcurrency: number;
  /** Photos per batch: what one inference takes, and the grain work is shared out in. */
  batchSize: number;
}

export interface IndexMachine {
  cores: number;
  /** The model runs on an accelerator (any provider other than onnxruntime's CPU one). */
  accelerated: boolean;
}

/** Most worker processes on a CPU: each holds the model (0.6–0.85 GB resident for ViT-B/32). */
const MAX_CPU_WORKERS = 4;
/**
 * On the CPU a batch of 8 infers as fast per photo as one of 16 (a ViT's matrix products are
 * already large), and halves the grain: at the end of a run one worker waits for another's last
 * batch for half as long. An accelerator wants larger batches to be efficient.
 */
const CPU_BATCH = 8;
const ACCELERATOR_BATCH = 16;

export function thisMachine(executionProvider: string): IndexMachine {
  return { cores: availableParallelism(), accelerated: executionProvider !== 'cpu' };
}

/**
 * How indexing uses the machine (docs/INDEXER.md, "Workers and threads"). On the CPU, decoding and
 * inference share the cores, so together they should fill each core once: one worker process per
 * core (at most four, for memory), each with the rest of the cores as onnxruntime threads, one
 * photo decoding at a time while its previous batch is in inference. Several single-threaded
 * processes rather than one process with many threads: decoding one photo is one libvips thread,
 * and onnxruntime's threads spin while they wait for work, taking the cores a decode would use.
 * On an accelerator, inference leaves the CPU, and decoding is the whole bottleneck: one worker
 * (one session and its device memory), one onnxruntime thread (for what the provider leaves to the
 * CPU), and as many photos decoding at once as there are cores. `workers` (`--workers`) overrides
 * the process count; the cores are then shared out among the processes the same way. Batches: 8
 * photos on the CPU, 16 on an accelerator (see CPU_BATCH).
 */
export function indexPoolShape(machine: IndexMachine, workers?: number): IndexPoolShape {
  const cores = Math.max(1, machine.cores);
  if (machine.accelerated) {
    const size = Math.max(1, workers ?? 1);
    return { size, intraOpThreads: 1, decodeConcurrency: Math.max(1, Math.ceil(cores / size)), batchSize: ACCELERATOR_BATCH };
  }
  const size = Math.max(1, workers ?? Math.min(cores, MAX_CPU_WORKERS));
  return { size, intraOpThreads: Math.max(1, Math.floor(cores / size)), decodeConcurrency: 1, batchSize: CPU_BATCH };
}

/**
 * libuv threads a worker needs: sharp's decodes, file reads and onnxruntime's runs all wait in
 * libuv's pool (4 threads by default), so a worker decoding many photos at once gets a larger one,
 * with room left for the inference and the file system.
 */
export function workerThreadPoolSize(decodeConcurrency: number): number {
  return Math.max(4, decodeConcurrency + 2);
}
