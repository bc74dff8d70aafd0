import type * as ort from 'onnxruntime-node';

/**
 * Fault injection for the test of a GPU provider failing in the middle of a run (issue 9). The
 * machines the tests run on have no GPU, so `LUMEN_TEST_PROVIDER_FAULT=<provider>:<mode>:<runs>`
 * stands in for one: a session asked for on <provider> is a real onnxruntime CPU session that
 * reports <provider> (so it starts, and passes device selection's probe against the CPU), and each
 * of its runs after the first <runs> fails: `throw` (a device lost, out of memory) or `nan` (every
 * float32 output value NaN, garbage from a failing device). The fallback this exercises, and the
 * CPU session that takes over, are the real ones. Unset in normal use.
 */
export const PROVIDER_FAULT_ENV = 'LUMEN_TEST_PROVIDER_FAULT';

export interface ProviderFault {
  provider: string;
  mode: 'throw' | 'nan';
  /** Runs of each session that succeed before the fault: device selection's probe is the first. */
  healthyRuns: number;
}

/** The fault the environment asks for on `provider`, or null (always for the CPU). */
export function providerFaultFor(provider: string, env: NodeJS.ProcessEnv = process.env): ProviderFault | null {
  const match = /^([a-z]+):(throw|nan):(\d+)$/.exec(env[PROVIDER_FAULT_ENV] ?? '');
  if (!match || match[1] !== provider || provider === 'cpu') return null;
  return { provider, mode: match[2] === 'nan' ? 'nan' : 'throw', healthyRuns: Number(match[3]) };
}

type Run = (feeds: ort.InferenceSession.FeedsType, fetches: ort.InferenceSession.FetchesType) => Promise<ort.InferenceSession.ReturnType>;

/** The same session, whose runs fail as `fault` says once its healthy runs are used up. */
export function withProviderFault(session: ort.InferenceSession, fault: ProviderFault): ort.InferenceSession {
  const run = session.run.bind(session) as Run;
  let runs = 0;
  const faulty: Run = async (feeds, fetches) => {
    runs++;
    const failing = runs > fault.healthyRuns;
    if (failing && fault.mode === 'throw') {
      throw new Error(`${fault.provider} device lost (${PROVIDER_FAULT_ENV}: run ${runs}, after ${fault.healthyRuns} healthy runs)`);
    }
    const outputs = await run(feeds, fetches);
    if (failing) for (const tensor of Object.values(outputs)) if (tensor.data instanceof Float32Array) tensor.data.fill(Number.NaN);
    return outputs;
  };
  Object.defineProperty(session, 'run', { value: faulty });
  return session;
}
