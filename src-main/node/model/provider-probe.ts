/**
 * Which GPU execution providers can start on this computer, found once per process by a child
 * process (provider-probe-child.ts) that opens a one-node model on each, so Settings and `--device`
 * offer only those that can. This onnxruntime build may list CUDA or WebGPU while the computer lacks
 * the driver or the libraries; asking the child costs a fraction of a second and cannot crash the
 * services. The answer is kept for the life of the process.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerEntry } from '../inference/worker-entry';

/** What the child answers: the providers that started, and onnxruntime's reason for each other one. */
export interface ProbeAnswer {
  started: string[];
  failed: Record<string, string>;
}

/** A probe of the GPU providers this onnxruntime build has (the CPU is never probed: it always starts). */
export type ProviderProbe = () => Promise<ProbeAnswer>;

/** The key of `failed` when the whole check failed: every GPU provider counts as not starting. */
export const ALL_PROVIDERS = '*';

/** A probe that hears nothing back in this time counts every provider as failed (a driver that hangs). */
const PROBE_TIMEOUT_MS = 30_000;

const PROVIDER_NAMES: Record<string, string> = { cuda: 'CUDA', webgpu: 'WebGPU', dml: 'DirectML', coreml: 'Core ML' };

/** One plain sentence for a provider that cannot start here; onnxruntime's own reason goes to the log and behind Details. */
export function cannotStartSentence(provider: string): string {
  const name = PROVIDER_NAMES[provider] ?? provider;
  const needs = provider === 'cuda' ? ' (it needs an NVIDIA graphics card with its driver and the CUDA libraries)' : '';
  return `${name} cannot start on this computer${needs}, so it is not offered.`;
}

/** The child's script: next to the built bundle (out/main/provider-probe.js), or the source through tsx. */
export function resolveProbeEntry(): WorkerEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return { script: join(dirname(here), 'provider-probe-child.ts'), execArgv: ['--import', 'tsx'] };
  for (let dir = dirname(here), i = 0; i < 3; dir = dirname(dir), i++) {
    const candidate = join(dir, 'provider-probe.js');
    if (existsSync(candidate)) return { script: candidate, execArgv: [] };
  }
  throw new Error(`cannot find provider-probe.js near ${here}; run the build first`);
}

/**
 * Asks a child process which GPU providers start. When the child itself fails (it cannot run, hangs
 * or crashes: a broken driver), `failed` has the reason under `*`, meaning every GPU provider.
 */
export function probeInChild(entry: () => WorkerEntry = resolveProbeEntry, timeoutMs = PROBE_TIMEOUT_MS): ProviderProbe {
  return () =>
    new Promise((resolvePromise) => {
      const allFailed = (reason: string): ProbeAnswer => ({ started: [], failed: { [ALL_PROVIDERS]: reason } });
      let script: WorkerEntry;
      try {
        script = entry();
      } catch (error) {
        resolvePromise(allFailed(`the provider check could not start: ${(error as Error).message}`));
        return;
      }
      let answered = false;
      const finish = (answer: ProbeAnswer): void => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        if (child.connected) child.disconnect();
        resolvePromise(answer);
      };
      const child = fork(script.script, script.args ?? [], { execArgv: script.execArgv, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      // The check never keeps a process alive: a command that ends before it answers just ends.
      child.unref();
      child.channel?.unref();
      const timer = setTimeout(() => {
        child.kill();
        finish(allFailed(`the provider check did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      timer.unref();
      child.once('message', (message: ProbeAnswer) => finish(message));
      child.once('error', (error) => finish(allFailed(`the provider check could not run: ${error.message}`)));
      child.once('exit', (code, signal) => finish(allFailed(`the provider check stopped (${signal ?? `exit code ${code ?? '?'}`})`)));
    });
}

/** Probes once and keeps the answer: later asks share it. */
export function cachedProbe(probe: ProviderProbe): ProviderProbe {
  let answer: Promise<ProbeAnswer> | null = null;
  return () => (answer ??= probe());
}

/** Whether the probe saw this provider start. */
export function startedHere(answer: ProbeAnswer, provider: string): boolean {
  return answer.started.includes(provider);
}

/** onnxruntime's reason why this provider did not start, if the probe tried it. */
export function probeFailure(answer: ProbeAnswer, provider: string): string | undefined {
  return answer.failed[provider] ?? answer.failed[ALL_PROVIDERS];
}

/** The probe this process uses unless a test or a caller passes another. */
export const probeProvidersOnce: ProviderProbe = cachedProbe(probeInChild());
