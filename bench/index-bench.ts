/**
 * `npm run bench -- index [--photos 100] [--model vit-b32|demo] [--workers N] [--device cpu|auto|cuda|…] [--recheck 1000,10000]
 * [--formats jpeg,heic,dng,video] [--format-files 8]`
 *
 * One run measures, side by side on the same photos and model: the model-only ceiling (inference
 * on pre-decoded tensors, same batch size and worker shape), the decode stage alone, previous
 * (bench/previous-decode-stage.ts) and current, alternating, the serial bound those two give,
 * Lumen's end-to-end indexing against both, a naive one-photo-at-a-time baseline, each step of the
 * decode stage, peak memory, end-to-end files/s per format (index-formats.ts; `--formats ''` skips
 * them), and the time to re-check an unchanged library at several sizes.
 */
import { execFile } from 'node:child_process';
import { link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { FileJob } from '../src-main/node/indexer/embed-worker/protocol';
import { EmbedWorkerClient } from '../src-main/node/inference/worker-client';
import { indexPoolShape, thisMachine, type IndexPoolShape } from '../src-main/node/inference/pool-shape';
import { LumenServices } from '../src-main/node/lumen-services';
import { DEVICE_CHOICES, isDeviceChoice, type DeviceChoice } from '../src-main/node/model/execution-device';
import { bundledModelFolder } from '../src-main/node/resource-paths';
import { ensureBenchPhotos } from './bench-photos';
import { benchModelFolder, decodeStageRate, decodeStepProfile, jobsFor, SCRATCH, stepProfileTable, type StageVariant } from './decode-bench';
import { BENCH_FORMATS, formatRates, formatRateTable, isBenchFormat, type BenchFormat } from './index-formats';
import { specModelInput } from './spec-model-input';

const run = promisify(execFile);
const log = (line: string): void => void process.stderr.write(`[bench index] ${line}\n`);
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const shapeText = (shape: IndexPoolShape): string =>
  `${shape.size} worker process(es) × ${shape.intraOpThreads} onnxruntime thread(s), ${shape.decodeConcurrency} photo(s) decoding at once per worker`;

async function startWorkers(count: number, model: string, intraOpThreads: number, device: DeviceChoice): Promise<EmbedWorkerClient[]> {
  const workers = Array.from({ length: count }, () => EmbedWorkerClient.start());
  await Promise.all(workers.map((w) => w.call('load-model', { folder: model, intraOpThreads, device })));
  return workers;
}

/** The provider the model runs on with this device choice (a GPU provider that cannot start falls back to the CPU). */
async function providerFor(model: string, device: DeviceChoice): Promise<string> {
  if (device === 'cpu') return 'cpu';
  const worker = EmbedWorkerClient.start();
  try {
    return (await worker.call('load-model', { folder: model, intraOpThreads: 1, device })).executionProvider;
  } finally {
    await worker.dispose();
  }
}

async function modelCeiling(model: string, shape: IndexPoolShape, photos: number, device: DeviceChoice): Promise<number> {
  const workers = await startWorkers(shape.size, model, shape.intraOpThreads, device);
  try {
    const batches = Math.max(2, Math.ceil(photos / shape.batchSize / shape.size));
    const results = await Promise.all(workers.map((w) => w.call('infer-synthetic', { batchSize: shape.batchSize, batches })));
    return results.reduce((sum, r) => sum + r.photos, 0) / Math.max(...results.map((r) => r.seconds));
  } finally {
    await Promise.all(workers.map((w) => w.dispose()));
  }
}

interface E2eResult {
  seconds: number;
  workerStartSeconds: number;
  summary: { indexed: number; failed: number };
  hostPeakRssBytes: number;
  workerPeakRssBytes: number[];
}

async function childJson<T>(script: string, args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], { maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as T;
}

/**
 * A library of `size` unchanged files, indexed once: 1000 per folder, hard links to one small JPEG
 * per folder (one source for all would pass the file system's link limit, 65 000 on ext4).
 */
async function recheck(size: number, model: string): Promise<{ size: number; firstRunS: number; recheckS: number }> {
  const folder = join(SCRATCH, `recheck-${size}`);
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8caf' } })
    .jpeg()
    .toBuffer();
  await rm(folder, { recursive: true, force: true });
  let source = '';
  for (let i = 0; i < size; i++) {
    const dir = join(folder, `folder-${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) {
      await mkdir(dir, { recursive: true });
      source = join(dir, `IMG_${String(i).padStart(6, '0')}.jpg`);
      await writeFile(source, jpeg);
    } else {
      await link(source, join(dir, `IMG_${String(i).padStart(6, '0')}.jpg`));
    }
  }
  const library = await mkdtemp(join(tmpdir(), 'lumen-bench-recheck-'));
  const services = await LumenServices.open({ libraryDir: library, modelFolder: model, indexWorkers: 1 });
  try {
    const first = await services.indexer.indexFolders([folder]);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const again = await services.indexer.indexFolders([folder]);
      if (again.unchanged !== size) throw new Error(`re-check saw ${again.unchanged} unchanged of ${size}`);
      times.push(again.seconds);
    }
    return { size, firstRunS: first.seconds, recheckS: times.sort((a, b) => a - b)[1] as number };
  } finally {
    await services.dispose();
    await rm(library, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  }
}

export async function runIndexBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      photos: { type: 'string', default: '100' },
      model: { type: 'string', default: 'vit-b32' },
      workers: { type: 'string' },
      recheck: { type: 'string', default: '1000,10000' },
      'skip-naive': { type: 'boolean', default: false },
      device: { type: 'string', default: 'cpu' },
      formats: { type: 'string', default: BENCH_FORMATS.join(',') },
      'format-files': { type: 'string', default: '8' },
    },
  });
  const formats = values.formats.split(',').filter(Boolean);
  const unknownFormat = formats.find((f) => !isBenchFormat(f));
  if (unknownFormat !== undefined) throw new Error(`--formats takes ${BENCH_FORMATS.join(', ')}, not ${unknownFormat}`);
  if (!isDeviceChoice(values.device)) throw new Error(`--device must be one of ${DEVICE_CHOICES.join(', ')}`);
  const device = values.device;
  const count = Number(values.photos);
  const demoModel = bundledModelFolder();
  const model = await benchModelFolder(values.model);
  const provider = await providerFor(model, device);
  const shape = indexPoolShape(thisMachine(provider), values.workers === undefined ? undefined : Number(values.workers));
  const photos = await ensureBenchPhotos(join(SCRATCH, 'photos'), count, log);
  const names = (await readdir(photos))
    .filter((n) => n.endsWith('.jpg'))
    .sort()
    .slice(0, count);
  // The set folder may hold more photos than asked for; index exactly `count` of them.
  const subset = join(SCRATCH, `subset-${count}`);
  await rm(subset, { recursive: true, force: true });
  await mkdir(subset, { recursive: true });
  for (const name of names) await link(join(photos, name), join(subset, name));
  const jobs: FileJob[] = await jobsFor(names.map((name) => join(subset, name)));
  const sizeMb = jobs.reduce((sum, f) => sum + f.size, 0) / jobs.length / 2 ** 20;
  const loadBefore = (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).trim();
  log(`${count} photos (mean ${sizeMb.toFixed(1)} MB), model ${values.model} on ${provider}, ${shapeText(shape)}; load ${loadBefore}`);

  // Around the end-to-end run, in this order, so that a neighbour's load drifting over the minutes
  // falls on the ceiling and on both decode stages alike: ceiling, previous and current decode,
  // end to end, current and previous decode, ceiling. Each figure is the mean of its two.
  const ceilings: number[] = [];
  const decodeRates: Record<StageVariant, number[]> = { previous: [], current: [] };
  const decodeRound = async (order: readonly StageVariant[]): Promise<void> => {
    for (const variant of order) {
      log(`decode only, ${variant} stage…`);
      decodeRates[variant].push(await decodeStageRate(variant, model, jobs, shape.size, Math.max(2, shape.decodeConcurrency)));
    }
  };
  log('model-only ceiling…');
  ceilings.push(await modelCeiling(model, shape, count, device));
  await decodeRound(['previous', 'current']);
  log('end to end…');
  const e2eLibrary = await mkdtemp(join(tmpdir(), 'lumen-bench-e2e-'));
  const e2e = await childJson<E2eResult>('index-e2e-run.ts', [subset, e2eLibrary, model, String(shape.size), device]);
  if (e2e.summary.indexed !== count) throw new Error(`end-to-end indexed ${e2e.summary.indexed} of ${count}`);
  await rm(e2eLibrary, { recursive: true, force: true });
  await decodeRound(['current', 'previous']);
  log('model-only ceiling, again…');
  ceilings.push(await modelCeiling(model, shape, count, device));
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const ceiling = mean(ceilings);
  const decodePrevious = mean(decodeRates.previous);
  const decode = mean(decodeRates.current);
  log('decode steps…');
  const profile = await decodeStepProfile(await specModelInput(model), jobs.slice(0, 24));
  let naive: { seconds: number; photos: number; peakRssBytes: number } | null = null;
  if (!values['skip-naive']) {
    log('naive baseline…');
    const naiveLibrary = await mkdtemp(join(tmpdir(), 'lumen-bench-naive-'));
    naive = await childJson('naive-index-run.ts', [subset, naiveLibrary, model, device]);
    await rm(naiveLibrary, { recursive: true, force: true });
  }
  const perFormat = await formatRates(
    formats.filter(isBenchFormat) as BenchFormat[],
    Number(values['format-files']),
    async (folder) => {
      const library = await mkdtemp(join(tmpdir(), 'lumen-bench-format-lib-'));
      try {
        const result = await childJson<E2eResult>('index-e2e-run.ts', [folder, library, model, String(shape.size), device]);
        return { seconds: result.seconds, indexed: result.summary.indexed };
      } finally {
        await rm(library, { recursive: true, force: true });
      }
    },
    log,
  );
  const loadAfter = (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).trim();

  const e2eRate = count / e2e.seconds;
  const serialBound = 1 / (1 / ceiling + 1 / decode);
  const naiveRate = naive ? naive.photos / naive.seconds : null;
  const workerRss = e2e.workerPeakRssBytes;
  const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');
  const decodeGain = decode / decodePrevious;
  const lines = [
    `Index benchmark, ${count} × 12-MP JPEG (mean ${sizeMb.toFixed(1)} MB), model ${values.model === 'demo' ? 'shapes-lit (demo)' : 'ViT-B/32 vision tower, random weights'}, batch ${shape.batchSize}, ` +
      `${provider}, ${shapeText(shape)}, one run (${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}); ` +
      `/proc/loadavg before: ${loadBefore}, after: ${loadAfter}:`,
    '',
    '| measure | photos/s | notes |',
    '| --- | --- | --- |',
    `| model-only ceiling | ${ceiling.toFixed(2)} | ${ceilings.map((r) => r.toFixed(2)).join(', ')} (before and after the end-to-end run): inference on pre-decoded tensors, same batch and worker shape |`,
    `| decode only, previous stage | ${decodePrevious.toFixed(2)} | ${decodeRates.previous.map((r) => r.toFixed(2)).join(', ')}: read + sha256 + decode to 640 px + EXIF + WebP effort 4 + preprocess, ${shape.size} process(es) |`,
    `| decode only, current stage | ${decode.toFixed(2)} | ${decodeRates.current.map((r) => r.toFixed(2)).join(', ')}: read + decode at the size model and thumbnail need + EXIF + WebP effort 0 + preprocess; **${decodeGain.toFixed(2)}× the previous** (goal ≥ 2.5: ${verdict(decodeGain >= 2.5)}) |`,
    `| serial bound 1/(1/ceiling + 1/decode) | ${serialBound.toFixed(2)} | decode and inference one after the other on the same cores |`,
    `| **end to end (lumen)** | **${e2eRate.toFixed(2)}** | **${(e2eRate / serialBound).toFixed(2)} of the serial bound** (goal ≥ 0.9: ${verdict(e2eRate / serialBound >= 0.9)}), ${(e2eRate / ceiling).toFixed(2)} of the ceiling; ${e2e.seconds.toFixed(1)} s for ${count} photos, after ${e2e.workerStartSeconds.toFixed(1)} s starting workers |`,
    naive && naiveRate
      ? `| naive baseline | ${naiveRate.toFixed(2)} | one at a time, full decode, batch of 1; **lumen ${(e2eRate / naiveRate).toFixed(2)}× faster** (goal ≥ 1.5: ${verdict(e2eRate / naiveRate >= 1.5)}) |`
      : '| naive baseline | – | skipped |',
    '',
    ...stepProfileTable(profile, Math.min(24, count)),
    '',
    ...(perFormat.length > 0
      ? [
          'End to end by format, same model and workers, after the run above (videos: 6 s of 1080p, 4 frames embedded each; HEIC and DNG as in the formats benchmark):',
          '',
          ...formatRateTable(perFormat, device, shape.size),
          '',
        ]
      : []),
    `Peak RSS, end to end: host ${mb(e2e.hostPeakRssBytes)} MB + workers ${workerRss.map(mb).join(' + ')} MB${naive ? `; naive baseline (one process): ${mb(naive.peakRssBytes)} MB` : ''}.`,
    '',
    '| unchanged library | first index (1 embedded, rest duplicates) s | re-check s (median of 3) | µs per photo |',
    '| --- | --- | --- | --- |',
  ];
  // Printed before the re-checks, which take longest, so a failure there loses nothing above.
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const size of values.recheck.split(',').filter(Boolean).map(Number)) {
    log(`re-check of ${size} unchanged photos…`);
    const r = await recheck(size, demoModel);
    process.stdout.write(`| ${r.size} | ${r.firstRunS.toFixed(1)} | ${r.recheckS.toFixed(2)} | ${((r.recheckS / r.size) * 1e6).toFixed(0)} |\n`);
  }
}
