import * as ort from 'onnxruntime-node';
import { LumenFailure } from '../../../src-common/result';

export interface SessionOptions {
  /** onnxruntime execution providers in order of preference, e.g. ['cuda', 'cpu']; default ['cpu']. */
  executionProviders?: string[];
  intraOpNumThreads?: number;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider the session was created with: the first one asked for, or 'cpu' after a fallback. */
  executionProvider: string;
}

/**
 * Opens one ONNX file. A provider this machine lacks (CUDA without a GPU, say) falls back to the
 * CPU rather than failing, because the CPU provider is always bundled.
 */
export async function openSession(path: string, label: string, options: SessionOptions): Promise<OpenedSession> {
  const providers = options.executionProviders?.length ? options.executionProviders : ['cpu'];
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  };
  try {
    return { session: await ort.InferenceSession.create(path, { ...base, executionProviders: providers }), executionProvider: providers[0] ?? 'cpu' };
  } catch (error) {
    if (providers.length === 1 && providers[0] === 'cpu') throw badModel(label, error);
    try {
      return { session: await ort.InferenceSession.create(path, { ...base, executionProviders: ['cpu'] }), executionProvider: 'cpu' };
    } catch (cpuError) {
      throw badModel(label, cpuError);
    }
  }
}

function badModel(label: string, error: unknown): LumenFailure {
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return new LumenFailure('bad-model', `model file ${label} cannot be loaded by onnxruntime: ${detail}`);
}

/** The first of `names` the session outputs; a clear error naming what it has otherwise. */
export function pickOutput(session: ort.InferenceSession, label: string, names: readonly string[]): string {
  const found = names.find((name) => session.outputNames.includes(name));
  if (!found) {
    throw new LumenFailure('bad-model', `model file ${label} has no output named ${names.join(' or ')} (it has ${session.outputNames.join(', ')})`);
  }
  return found;
}

/** Last dimension of an output when the graph fixes it, else null. */
export function fixedLastDimension(session: ort.InferenceSession, output: string): number | null {
  const meta = session.outputMetadata.find((m) => m.name === output);
  if (!meta?.isTensor) return null;
  const last = meta.shape.at(-1);
  return typeof last === 'number' && last > 0 ? last : null;
}

/** Splits a [batch, D] output into one copied vector per row (copies, so each travels alone over IPC). */
export function rowsOf(tensor: ort.Tensor | undefined, batchSize: number, label: string): Float32Array[] {
  if (!tensor || tensor.type !== 'float32' || tensor.dims.length !== 2 || tensor.dims[0] !== batchSize) {
    throw new LumenFailure('bad-model', `${label} returned ${tensor ? `${tensor.type} [${tensor.dims.join(', ')}]` : 'nothing'}, expected float32 [${batchSize}, D]`);
  }
  const data = tensor.data as Float32Array;
  const width = Number(tensor.dims[1]);
  return Array.from({ length: batchSize }, (_, row) => data.slice(row * width, (row + 1) * width));
}
