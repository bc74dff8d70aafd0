import * as ort from 'onnxruntime-node';
import type { SessionFactory } from '../../src-main/node/model/onnx-session';

/**
 * A GPU provider failing in the middle of a run, for machines without a GPU: sessions asked for on
 * `provider` are real onnxruntime CPU sessions (so they start, and pass device selection's probe
 * against the CPU), and each of their runs after the first `healthyRuns` fails: `throw` (a device
 * lost, out of memory) or `nan` (every float32 output value NaN, garbage from a failing device).
 * The fallback this exercises, and the CPU session that takes over, are the product's own.
 */
export interface ProviderFault {
  provider: string;
  mode: 'throw' | 'nan';
  /** Runs of each session that succeed before the fault: device selection's probe is the first. */
  healthyRuns: number;
}

/** `<provider>:<throw|nan>:<healthy runs>`, the form test entries take on their command line. */
export function parseProviderFault(text: string): ProviderFault {
  const match = /^([a-z]+):(throw|nan):(\d+)$/.exec(text);
  if (!match) throw new Error(`not a provider fault: ${text}`);
  return { provider: match[1] as string, mode: match[2] === 'nan' ? 'nan' : 'throw', healthyRuns: Number(match[3]) };
}

export function formatProviderFault(fault: ProviderFault): string {
  return `${fault.provider}:${fault.mode}:${fault.healthyRuns}`;
}

type Run = (feeds: ort.InferenceSession.FeedsType, fetches?: ort.InferenceSession.FetchesType) => Promise<ort.InferenceSession.ReturnType>;

/** Sessions on `fault.provider` fail as it says; every other session is onnxruntime's own. */
export function failingProviderSessions(fault: ProviderFault): SessionFactory {
  return async (path, options) => {
    if (options.executionProviders?.[0] !== fault.provider) return ort.InferenceSession.create(path, options);
    const session = await ort.InferenceSession.create(path, { ...options, executionProviders: ['cpu'] });
    return withFault(session, fault);
  };
}

function withFault(session: ort.InferenceSession, fault: ProviderFault): ort.InferenceSession {
  const run = session.run.bind(session) as Run;
  let runs = 0;
  const faulty: Run = async (feeds, fetches) => {
    runs++;
    const failing = runs > fault.healthyRuns;
    if (failing && fault.mode === 'throw')
      throw new Error(`${fault.provider} device lost (injected fault: run ${runs}, after ${fault.healthyRuns} healthy runs)`);
    const outputs = await run(feeds, fetches);
    if (failing) for (const tensor of Object.values(outputs)) if (tensor.data instanceof Float32Array) tensor.data.fill(Number.NaN);
    return outputs;
  };
  Object.defineProperty(session, 'run', { value: faulty });
  return session;
}
