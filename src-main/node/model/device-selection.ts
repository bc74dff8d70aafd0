import type { DeviceChoice } from './execution-device';
import { deviceCandidates } from './execution-device';
import type { ImageTextModel, ModelLoadOptions } from './image-text-model';
import { probeFailure, probeProvidersOnce, startedHere, type ProviderProbe } from './provider-probe';

/** A provider is trusted only if every probe vector agrees with the CPU's this closely. */
export const PROBE_MIN_COSINE = 0.999;

const PROBE_TEXTS = ['a photo', 'two kids on a red bike at dusk', 'a cat sleeping on a sofa', 'mountains'];

/** Providers that could not start here, or gave other vectors than the CPU: Settings stops offering them. */
const failedHere = new Set<string>();

export function providersThatFailedHere(): ReadonlySet<string> {
  return failedHere;
}

export type ModelLoader = (folder: string, options: ModelLoadOptions) => Promise<ImageTextModel>;

export interface DeviceSelectionOptions {
  /** Providers to try, best first; default: deviceCandidates(choice). */
  candidates?: readonly string[];
  /** Where the reason for falling back goes; default: stderr. */
  log?: (message: string) => void;
  /** For `auto`: which GPU providers can start here (a child process opens a tiny model on each); default: asked once per process. */
  probe?: ProviderProbe;
}

/**
 * Loads the model on the best provider for `choice` that proves itself: each candidate must
 * start, and must give the same vectors as the CPU (cosine ≥ 0.999) on a probe batch of images
 * and texts. A provider that fails either way is dropped with its reason; with none left the CPU
 * model is used, and the reasons are logged and kept in `info.deviceNote`. So a broken GPU
 * provider slows Lumen down but never gives it wrong vectors.
 */
export async function loadOnBestDevice(
  folder: string,
  choice: DeviceChoice,
  options: ModelLoadOptions,
  load: ModelLoader,
  selection: DeviceSelectionOptions = {},
): Promise<ImageTextModel> {
  let candidates = selection.candidates ?? deviceCandidates(choice);
  const log = selection.log ?? ((message: string) => process.stderr.write(`lumen: ${message}\n`));
  const reasons: string[] = [];
  if (choice === 'auto' && selection.candidates === undefined && candidates.length > 0) {
    // Automatic tries only what the start-up check saw start: a provider this build has but this
    // computer cannot run (no driver, no libraries) is never loaded in this process.
    const probed = await (selection.probe ?? probeProvidersOnce)();
    for (const provider of candidates.filter((p) => !startedHere(probed, p))) {
      failedHere.add(provider);
      reasons.push(`${provider} could not start on this computer (${probeFailure(probed, provider) ?? 'the start-up check did not try it'})`);
    }
    candidates = candidates.filter((p) => startedHere(probed, p));
  }
  const cpu = await load(folder, { ...options, executionProviders: ['cpu'] });
  try {
    for (const provider of candidates) {
      let candidate: ImageTextModel;
      try {
        candidate = await load(folder, { ...options, executionProviders: [provider] });
      } catch (error) {
        failedHere.add(provider);
        reasons.push(`${provider} could not load the model: ${(error as Error).message}`);
        continue;
      }
      if (candidate.info.executionProvider !== provider) {
        failedHere.add(provider);
        reasons.push(candidate.info.deviceNote ?? `${provider} did not start`);
        await candidate.dispose();
        continue;
      }
      const lowest = await lowestProbeCosine(cpu, candidate);
      if (candidate.info.executionProvider !== provider) {
        // It failed during the probe and moved itself to the CPU (ImageTextModel's mid-run fallback).
        failedHere.add(provider);
        reasons.push(candidate.info.deviceNote ?? `${provider} failed during the probe`);
        await candidate.dispose();
        continue;
      }
      if (lowest >= PROBE_MIN_COSINE) {
        await cpu.dispose();
        return candidate;
      }
      failedHere.add(provider);
      reasons.push(`${provider} gave vectors that differ from the CPU's (lowest probe cosine ${lowest.toFixed(6)} < ${PROBE_MIN_COSINE})`);
      await candidate.dispose();
    }
  } catch (error) {
    await cpu.dispose();
    throw error;
  }
  const why = reasons.length > 0 ? reasons.join('; ') : `no accelerated provider to try on ${process.platform} with this onnxruntime build`;
  cpu.info.deviceNote = `--device ${choice}: using the CPU (${why})`;
  log(cpu.info.deviceNote);
  return cpu;
}

/** Both models embed the same probe images and texts; the worst agreement of any pair. */
export async function lowestProbeCosine(reference: ImageTextModel, candidate: ImageTextModel): Promise<number> {
  const images = await Promise.all(probeImages().map((image) => reference.prepareImage(image)));
  const pairs: Array<[Float32Array[], Float32Array[]]> = [
    [await reference.embedImages(images), await candidate.embedImages(images)],
    [await reference.embedTexts(PROBE_TEXTS), await candidate.embedTexts(PROBE_TEXTS)],
  ];
  let lowest = 1;
  for (const [expected, actual] of pairs) {
    expected.forEach((vector, i) => (lowest = Math.min(lowest, cosine(vector, actual[i] ?? new Float32Array(vector.length)))));
  }
  return lowest;
}

/** Three small deterministic pictures: gradients, stripes and a checkerboard in colour. */
function probeImages(): Array<{ data: Uint8Array; width: number; height: number }> {
  const width = 96;
  const height = 64;
  const patterns: Array<(x: number, y: number) => [number, number, number]> = [
    (x, y) => [(x * 255) / width, (y * 255) / height, 128],
    (x) => (Math.floor(x / 8) % 2 ? [230, 40, 40] : [20, 60, 200]),
    (x, y) => ((Math.floor(x / 12) + Math.floor(y / 12)) % 2 ? [250, 250, 240] : [30, 120, 30]),
  ];
  return patterns.map((pattern) => {
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pattern(x, y).map(Math.round), (y * width + x) * 3);
    return { data, width, height };
  });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return na === 0 || nb === 0 ? (na === nb ? 1 : 0) : dot / Math.sqrt(na * nb);
}
