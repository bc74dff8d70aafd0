import * as ort from 'onnxruntime-node';
import { LumenFailure } from '../../../src-common/result';
import { fromFloat16Bits } from './float16';
import { onnxProblem } from './parser-messages';

/** Makes an onnxruntime session; the default is onnxruntime's own (tests supply ones that fail as a device would). */
export type SessionFactory = (path: string, options: ort.InferenceSession.SessionOptions) => Promise<ort.InferenceSession>;

const createOrtSession: SessionFactory = (path, options) => ort.InferenceSession.create(path, options);

export interface SessionOptions {
  /** onnxruntime execution providers in order of preference, e.g. ['cuda', 'cpu']; default ['cpu']. */
  executionProviders?: string[];
  intraOpNumThreads?: number;
  /** Default: onnxruntime's InferenceSession.create. */
  createSession?: SessionFactory;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider the session was created with: the first one asked for, or 'cpu' after a fallback. */
  executionProvider: string;
  /** Why the first provider asked for could not be used, when the session fell back to the CPU. */
  fallbackReason: string | null;
}

/**
 * Opens one ONNX file. A provider this machine lacks (CUDA without a GPU, say) falls back to the
 * CPU rather than failing, because the CPU provider is always bundled.
 */
export async function openSession(path: string, label: string, options: SessionOptions): Promise<OpenedSession> {
  const providers = options.executionProviders?.length ? options.executionProviders : ['cpu'];
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    // A provider that cannot start is reported once, by Lumen, with its reason: not as ORT log noise.
    ...(providers.some((p) => p !== 'cpu') ? { logSeverityLevel: 4 as const } : {}),
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  };
  const create = options.createSession ?? createOrtSession;
  try {
    return { session: await create(path, { ...base, executionProviders: providers }), executionProvider: providers[0] ?? 'cpu', fallbackReason: null };
  } catch (error) {
    if (providers.length === 1 && providers[0] === 'cpu') throw badModel(label, error);
    try {
      const session = await create(path, { ...base, executionProviders: ['cpu'] });
      return { session, executionProvider: 'cpu', fallbackReason: `${providers[0] ?? 'provider'} could not start: ${firstLine(error)}` };
    } catch (cpuError) {
      throw badModel(label, cpuError);
    }
  }
}

function badModel(label: string, error: unknown): LumenFailure {
  return new LumenFailure('bad-model', `model file ${label} cannot be loaded by onnxruntime: ${onnxProblem(error)}`);
}

/** The first line of an error, without onnxruntime's source location and assertion text. */
export function firstLine(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return line.replace(/^\S+\.(?:cc|cpp|h):\d+ .*? was false\. /, '').replace(/^\S+\.(?:cc|cpp|h):\d+ /, '');
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

/** The element type of a graph input ('float32', 'float16', 'int64', …), or null when unknown. */
export function inputElementType(session: ort.InferenceSession, input: string): string | null {
  const meta = session.inputMetadata.find((m) => m.name === input);
  return meta?.isTensor ? meta.type : null;
}

/**
 * Splits a [batch, D] output into one copied vector per row (copies, so each travels alone over
 * IPC). float16 outputs (fp16 exports) are widened to float32.
 */
export function rowsOf(tensor: ort.Tensor | undefined, batchSize: number, label: string): Float32Array[] {
  if (!tensor || (tensor.type !== 'float32' && tensor.type !== 'float16') || tensor.dims.length !== 2 || tensor.dims[0] !== batchSize) {
    throw new LumenFailure(
      'bad-model',
      `${label} returned ${tensor ? `${tensor.type} [${tensor.dims.join(', ')}]` : 'nothing'}, expected float32 [${batchSize}, D]`,
    );
  }
  const data = tensor.type === 'float16' ? fromFloat16Bits(tensor.data as Uint16Array) : (tensor.data as Float32Array);
  const width = Number(tensor.dims[1]);
  return Array.from({ length: batchSize }, (_, row) => data.slice(row * width, (row + 1) * width));
}
