/**
 * `npm run bench -- decode [--photos 24] [--model vit-b32|demo]`
 *
 * The indexer's decode stage, previous (bench/previous-decode-stage.ts) against current, on the
 * same photos in one run: the time of each step in one thread; the thumbnail encoders and efforts
 * the thumbnail format was chosen from (size, PSNR against the pixels encoded, time); and the
 * fidelity of the current stage to the previous one (model vectors' cosine, thumbnail pixels).
 * index-bench.ts reuses the step profile and the parallel stage rates.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { decodeForModel, prepareDecoded, type ModelInput } from '../src-main/node/indexer/embed-worker/decode-for-model';
import { workerThreadPoolSize } from '../src-main/node/inference/pool-shape';
import type { FileJob } from '../src-main/node/indexer/embed-worker/protocol';
import { readPhotoFile } from '../src-main/node/indexer/embed-worker/read-photo-file';
import type { RgbImage } from '../src-main/node/model/rgb-image';
import { readPhotoMetadata } from '../src-main/node/photos/photo-metadata';
import { makeThumbnail, THUMBNAIL_SIZE, thumbnailSizeFor } from '../src-main/node/photos/thumbnail';
import { bundledModelFolder } from '../src-main/node/resource-paths';
import { ensureBenchPhotos } from './bench-photos';
import { fidelity } from './decode-fidelity';
import { previousDecodeForIndex, previousThumbnail } from './previous-decode-stage';
import { specModelInput } from './spec-model-input';
import { ensureVitB32Folder } from './vit-b32-model';

export const SCRATCH = join(import.meta.dirname, '../.scratch/bench-index');
const log = (line: string): void => void process.stderr.write(`[bench decode] ${line}\n`);

/** Jobs for the photos, each with its sha256 as the indexer's scan sends it. */
export async function jobsFor(paths: readonly string[]): Promise<FileJob[]> {
  return Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(path);
      const info = await stat(path);
      return { path, size: bytes.length, mtimeMs: Math.trunc(info.mtimeMs), contentHash: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}

export type StageVariant = 'previous' | 'current';

/**
 * Photos per second of one decode stage run in `processes` processes at once, `lanes` photos at a
 * time in each (two for a CPU worker's two batches in flight), from the first process's start to
 * the last one's end. Each run gets a fresh
 * library folder, so every thumbnail is encoded and written.
 */
export async function decodeStageRate(variant: StageVariant, model: string, jobs: readonly FileJob[], processes: number, lanes = 2): Promise<number> {
  const library = await mkdtemp(join(tmpdir(), `lumen-bench-${variant}-`));
  try {
    const shares = Array.from({ length: processes }, (_, p) => jobs.filter((_, i) => i % processes === p));
    const children = await Promise.all(
      shares.map(async (share, p) => {
        const jobsFile = join(library, `jobs-${p}.json`);
        await writeFile(jobsFile, JSON.stringify(share));
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, 'decode-stage-run.ts'), variant, model, library, jobsFile, String(lanes)],
          {
            stdio: ['pipe', 'pipe', 'inherit'],
            env: { ...process.env, UV_THREADPOOL_SIZE: String(workerThreadPoolSize(lanes)) },
          },
        );
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready\n') && resolve()));
        const exited = once(child, 'exit');
        await ready;
        return { child, exited, output: () => out };
      }),
    );
    for (const { child } of children) child.stdin.end('go\n');
    const results = await Promise.all(
      children.map(async ({ exited, output }) => {
        const [code] = (await exited) as [number | null];
        if (code !== 0) throw new Error(`decode-stage-run ${variant} exited with ${code}`);
        return JSON.parse(output().trim().split('\n').at(-1) as string) as { startedAtMs: number; endedAtMs: number; decoded: number; photos: number };
      }),
    );
    const decoded = results.reduce((sum, r) => sum + r.decoded, 0);
    if (decoded !== jobs.length) throw new Error(`the ${variant} decode stage decoded ${decoded} of ${jobs.length} photos`);
    const span = Math.max(...results.map((r) => r.endedAtMs)) - Math.min(...results.map((r) => r.startedAtMs));
    return jobs.length / (span / 1000);
  } finally {
    await rm(library, { recursive: true, force: true });
  }
}

export interface StepProfile {
  steps: Array<{ step: string; previousMs: number; currentMs: number; note: string }>;
  decodedSizes: { previous: string; current: string };
}

async function timed<T>(totals: Map<string, number>, step: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  totals.set(step, (totals.get(step) ?? 0) + performance.now() - started);
  return result;
}

async function writeThumbnail(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.part`, bytes);
  await rename(`${path}.part`, path);
}

const STEPS = ['read', 'sha256', 'header + decode', 'EXIF (exifr)', 'thumbnail resize + encode', 'thumbnail write', 'preprocess (model input)'] as const;

/**
 * Each step of both stages in one thread, photo by photo (both on the same file, each first on
 * every other photo), averaged: the steps are the calls the stages make, in their order.
 */
export async function decodeStepProfile(model: ModelInput, jobs: readonly FileJob[]): Promise<StepProfile> {
  const previous = new Map<string, number>();
  const current = new Map<string, number>();
  const library = await mkdtemp(join(tmpdir(), 'lumen-bench-steps-'));
  const sizes = { previous: '', current: '' };
  try {
    const runPrevious = async (job: FileJob, i: number): Promise<void> => {
      const bytes = await timed(previous, 'read', () => readFile(job.path));
      await timed(previous, 'sha256', () => createHash('sha256').update(bytes).digest('hex'));
      const before = await timed(previous, 'header + decode', () => previousDecodeForIndex(bytes));
      await timed(previous, 'EXIF (exifr)', () => readPhotoMetadata(before.exif));
      const oldThumb = await timed(previous, 'thumbnail resize + encode', () => previousThumbnail(before.image));
      await timed(previous, 'thumbnail write', () => writeThumbnail(join(library, 'previous', `${i}.webp`), oldThumb));
      await timed(previous, 'preprocess (model input)', () => model.prepareImage(before.image));
      sizes.previous = `${before.image.width}×${before.image.height}`;
    };
    const runCurrent = async (job: FileJob, i: number): Promise<void> => {
      const file = await timed(current, 'read', () => readPhotoFile(job));
      current.set('sha256', current.get('sha256') ?? 0);
      const now = await timed(current, 'header + decode', () => decodeForModel(file.bytes, model));
      await timed(current, 'EXIF (exifr)', () => readPhotoMetadata(now.exif));
      const thumb = await timed(current, 'thumbnail resize + encode', () =>
        makeThumbnail(now.image, thumbnailSizeFor({ width: now.originalWidth, height: now.originalHeight })),
      );
      await timed(current, 'thumbnail write', () => writeThumbnail(join(library, 'current', `${i}.webp`), thumb));
      await timed(current, 'preprocess (model input)', () => prepareDecoded(now.image, model));
      sizes.current = `${now.image.width}×${now.image.height}`;
    };
    // Each goes first on every other photo: the second finds the file's bytes in the CPU caches.
    for (const [i, job] of jobs.entries()) {
      if (i % 2 === 0) {
        await runPrevious(job, i);
        await runCurrent(job, i);
      } else {
        await runCurrent(job, i);
        await runPrevious(job, i);
      }
    }
  } finally {
    await rm(library, { recursive: true, force: true });
  }
  const notes: Record<(typeof STEPS)[number], string> = {
    read: 'current: open, fstat and read one handle',
    sha256: 'current: the indexer hashed the file already (to find duplicates and moves); the worker trusts it when size and mtime still match',
    'header + decode': `sharp metadata, then decode to ${sizes.previous} (previous) / ${sizes.current} (current)`,
    'EXIF (exifr)': 'capture date, camera',
    'thumbnail resize + encode':
      'previous: lanczos3 to 320 px + WebP effort 4; current: WebP effort 0 from the decoded pixels (already thumbnail-sized for a 4:3 photo)',
    'thumbnail write': 'mkdir, temporary file, rename',
    'preprocess (model input)':
      'previous: affine resize (transformers.js arithmetic) from the 640-px copy; current: lanczos reduce from the decoded copy where the model wants it smaller; then centre crop, normalize to CHW float32',
  };
  return {
    steps: STEPS.map((step) => ({
      step,
      previousMs: (previous.get(step) ?? 0) / jobs.length,
      currentMs: (current.get(step) ?? 0) / jobs.length,
      note: notes[step],
    })),
    decodedSizes: sizes,
  };
}

export function stepProfileTable(profile: StepProfile, count: number): string[] {
  const total = (key: 'previousMs' | 'currentMs'): number => profile.steps.reduce((sum, s) => sum + s[key], 0);
  const decodeMs = profile.steps.find((s) => s.step === 'header + decode')?.currentMs ?? Number.NaN;
  return [
    `Decode stage per step, one thread, mean of ${count} photos (ms per photo):`,
    '',
    '| step | previous | current | notes |',
    '| --- | --- | --- | --- |',
    ...profile.steps.map((s) => `| ${s.step} | ${s.previousMs.toFixed(2)} | ${s.currentMs.toFixed(2)} | ${s.note} |`),
    `| **total** | **${total('previousMs').toFixed(1)}** | **${total('currentMs').toFixed(1)}** | ${(total('previousMs') / total('currentMs')).toFixed(2)}× less |`,
    '',
    `Bound: the current decode step (${decodeMs.toFixed(1)} ms) is mostly JPEG entropy (Huffman) decoding, which every coefficient of the file goes through ` +
      'whatever the scale (DCT scaling saves the inverse transforms, colour conversion and memory, not that); with every other step free, ' +
      `the stage would be at most ${(total('previousMs') / decodeMs).toFixed(2)}× faster than the previous one.`,
  ];
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let squared = 0;
  for (let i = 0; i < a.length; i++) squared += ((a[i] as number) - (b[i] as number)) ** 2;
  return 10 * Math.log10((255 * 255) / Math.max(squared / a.length, 1e-12));
}

const ENCODERS: Array<[string, (s: Sharp) => Sharp]> = [
  ['WebP q78 effort 4 (previous)', (s) => s.webp({ quality: 78 })],
  ['WebP q78 effort 0', (s) => s.webp({ quality: 78, effort: 0 })],
  ['WebP q78 effort 1', (s) => s.webp({ quality: 78, effort: 1 })],
  ['WebP q78 effort 2', (s) => s.webp({ quality: 78, effort: 2 })],
  ['WebP q75 effort 0', (s) => s.webp({ quality: 75, effort: 0 })],
  ['WebP q78 effort 6', (s) => s.webp({ quality: 78, effort: 6 })],
  ['JPEG q80', (s) => s.jpeg({ quality: 80 })],
  ['JPEG q85', (s) => s.jpeg({ quality: 85 })],
  ['JPEG q80 mozjpeg', (s) => s.jpeg({ quality: 80, mozjpeg: true })],
  ['AVIF q50 effort 0', (s) => s.avif({ quality: 50, effort: 0 })],
  ['AVIF q60 effort 2', (s) => s.avif({ quality: 60, effort: 2 })],
];

/** Each encoder on the same thumbnail-sized pixels: mean size, PSNR of the decoded result, encode time (best of 3 passes). */
export async function thumbnailEncoderTable(sets: Array<{ name: string; paths: string[] }>): Promise<string[]> {
  const lines = ['| encoder | ' + sets.map((s) => `${s.name}: KB | PSNR dB | ms`).join(' | ') + ' |', '| --- |' + ' --- | --- | --- |'.repeat(sets.length)];
  const thumbs = await Promise.all(
    sets.map(async (set) =>
      Promise.all(
        set.paths.map(async (path): Promise<RgbImage> => {
          const { data, info } = await sharp(path)
            .rotate()
            .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside' })
            .toColourspace('srgb')
            .removeAlpha()
            .raw()
            .toBuffer({ resolveWithObject: true });
          return { data, width: info.width, height: info.height };
        }),
      ),
    ),
  );
  for (const [name, encode] of ENCODERS) {
    const cells: string[] = [];
    for (const images of thumbs) {
      let bytes = 0;
      let quality = 0;
      const passes: number[] = [];
      for (let pass = 0; pass < 3; pass++) {
        const started = performance.now();
        for (const image of images) {
          const out = await encode(sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })).toBuffer();
          if (pass > 0) continue;
          bytes += out.length;
          quality += psnr(image.data, await sharp(out).removeAlpha().raw().toBuffer());
        }
        passes.push((performance.now() - started) / images.length);
      }
      cells.push(`${(bytes / images.length / 1024).toFixed(1)} | ${(quality / images.length).toFixed(2)} | ${Math.min(...passes).toFixed(2)}`);
    }
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines;
}

export async function benchModelFolder(which: string | undefined): Promise<string> {
  const demo = bundledModelFolder();
  return which === 'demo' ? demo : ensureVitB32Folder(join(SCRATCH, 'vit-b32'), demo);
}

export async function runDecodeBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { photos: { type: 'string', default: '24' }, model: { type: 'string', default: 'vit-b32' } } });
  const count = Number(values.photos);
  const model = await benchModelFolder(values.model);
  const folder = await ensureBenchPhotos(join(SCRATCH, 'photos'), count, log);
  const paths = (await readdir(folder))
    .filter((n) => n.endsWith('.jpg'))
    .sort()
    .slice(0, count)
    .map((n) => join(folder, n));
  const fixtures = join(import.meta.dirname, '../test/fixtures/corpus/photos');
  const fixturePaths = (await readdir(fixtures)).sort().map((n) => join(fixtures, n));
  const jobs = await jobsFor(paths);
  const input = await specModelInput(model);
  log('steps…');
  const profile = await decodeStepProfile(input, jobs);
  log('thumbnail encoders…');
  const encoders = await thumbnailEncoderTable([
    { name: `test/fixtures photos (${fixturePaths.length})`, paths: fixturePaths },
    { name: `bench photos (${Math.min(12, paths.length)})`, paths: paths.slice(0, 12) },
  ]);
  log('fidelity…');
  const bench = await fidelity(model, paths);
  const real = await fidelity(model, fixturePaths);
  const lines = [
    `Decode stage, ${count} × 12-MP JPEG, model ${values.model}, one run (${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}):`,
    '',
    ...stepProfileTable(profile, count),
    '',
    'Thumbnail encoders on the same thumbnail-sized pixels (mean size, PSNR of the decoded thumbnail against them, encode ms, best of 3):',
    '',
    ...encoders,
    '',
    'Current stage against the previous one, photo by photo: the vectors of the same model; thumbnails as pixels before encoding (what decoding at another size changed) and as files decoded back (plus the encoder effort); mean absolute difference in 0–255 levels:',
    '',
    '| photos | vector cosine, min | mean | thumbnail pixels, mean | worst photo | thumbnail files, mean | worst photo |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...[[`bench (${paths.length})`, bench] as const, [`test/fixtures (${fixturePaths.length})`, real] as const].map(
      ([name, f]) =>
        `| ${name} | ${f.minCosine.toFixed(5)} | ${f.meanCosine.toFixed(5)} | ${f.pixelsMeanAbs.toFixed(2)} | ${f.pixelsWorst.toFixed(2)} | ${f.thumbnailMeanAbs.toFixed(2)} | ${f.thumbnailWorst.toFixed(2)} |`,
    ),
    '',
    "Model inputs (the tensors, before the model): cosine between the two stages, and of each against the input CLIP's own preprocessing makes (PIL-like: antialiased bicubic from the full-size photo), range over the photos:",
    '',
    '| photos | previous vs current | previous vs PIL-like | current vs PIL-like |',
    '| --- | --- | --- | --- |',
    ...[[`bench (${paths.length})`, bench] as const, [`test/fixtures (${fixturePaths.length})`, real] as const].map(
      ([name, f]) =>
        `| ${name} | ${[f.inputCosine, f.previousInputToReference, f.currentInputToReference].map(([lo, hi]) => `${lo.toFixed(4)}–${hi.toFixed(4)}`).join(' | ')} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
