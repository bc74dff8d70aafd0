/**
 * A GPU provider that fails in the middle of a run, after device selection chose it and checked it
 * against the CPU. There is no GPU here, so an injected session factory (test/support/provider-fault.ts)
 * stands one in: sessions asked for on `cuda` are real onnxruntime CPU sessions reporting `cuda`,
 * which pass the start-up probe and then, after a few runs, throw (a lost device) or return NaN
 * (garbage). Everything else is the product: `lumen --device cuda index` in a child process, with
 * its worker processes, on a real library. The run must finish, log why it left the GPU, re-run
 * the failed batch on a real CPU session, and store exactly the vectors a clean CPU run stores
 * (cosine ≥ 0.9999 per photo, nothing NaN, nothing missing, no error rows).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { blobToFloat32 } from '../../../src-main/node/library/vector-blob';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { MODEL_FILES } from '../../../src-main/node/model/model-folder';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { writeDistinctPhotos } from '../../support/distinct-photos';
import { FAILING_GPU_CLI } from '../../support/failing-gpu-entries';
import { failingProviderSessions, parseProviderFault } from '../../support/provider-fault';
import { tempDir } from '../indexer/indexer-fixtures';
import { cosine } from '../library/library-fixtures';

const ROOT = join(import.meta.dirname, '../../..');
/** 10 batches of 16: with 2 to 4 workers, some worker always gets past its healthy runs. */
const PHOTOS = 160;
/**
 * Healthy runs per session: loading the model runs the vision tower once (measureEmbedDim) and
 * device selection's probe once more, so each worker's first batch runs on the "GPU" and its
 * second one fails there.
 */
const HEALTHY_RUNS = 3;
const FALLBACK_LINE = /^lumen: cuda failed during a run \((.+)\); switched to the CPU and ran the failed batch again there$/gm;

let base: string;
let photosDir: string;
let reference: Map<string, Float32Array>;

function vectorsOf(library: string): Map<string, Float32Array> {
  const db = LibraryDb.open(library, { readonly: true });
  try {
    expect(db.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.connection.prepare('SELECT count(*) FROM photo_errors').pluck().get()).toBe(0);
    expect(db.connection.prepare('SELECT count(*) FROM image_towers').pluck().get()).toBe(1);
    const rows = db.connection
      .prepare<[], { path: string; vector: Buffer }>('SELECT p.path AS path, e.vector AS vector FROM photos p JOIN embeddings e ON e.photo_id = p.id')
      .all();
    return new Map(rows.map((row) => [row.path, blobToFloat32(row.vector)]));
  } finally {
    db.close();
  }
}

/** `lumen --device cuda index` in a child process whose embed workers fail as `fault` says (they share its stderr). */
function indexOnFailingGpu(library: string, fault: string): Promise<{ code: number | null; summary: IndexSummary | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', FAILING_GPU_CLI, fault, '--device', 'cuda', 'index', photosDir, '--library', library, '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, summary: code === 0 ? (JSON.parse(stdout) as IndexSummary) : null, stderr }));
  });
}

beforeAll(async () => {
  base = await tempDir('provider-failure');
  photosDir = join(base, 'photos');
  await mkdir(photosDir);
  await writeDistinctPhotos(photosDir, PHOTOS, 404);
  const clean = join(base, 'cpu-library');
  const services = await LumenServices.open({ libraryDir: clean, device: 'cpu', indexWorkers: 2 });
  try {
    expect(await services.indexer.indexFolders([photosDir])).toMatchObject({ indexed: PHOTOS, failed: 0 });
  } finally {
    await services.dispose();
  }
  reference = vectorsOf(clean);
}, 300_000);

describe('a GPU provider failing mid-run, during `lumen --device cuda index`', () => {
  it.each([
    ['throws (device lost)', 'throw', /cuda device lost \(injected fault: run \d+, after 3 healthy runs\)/],
    ['returns NaN', 'nan', /it returned NaN or infinite values/],
  ] as const)('%s: falls back to the CPU, logs why, re-runs the batch and stores the CPU’s vectors', async (_name, mode, reason) => {
    const library = join(base, `gpu-${mode}`);
    const run = await indexOnFailingGpu(library, `cuda:${mode}:${HEALTHY_RUNS}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.summary).toMatchObject({ found: PHOTOS, indexed: PHOTOS, failed: 0, cancelled: false });
    // The model started on the "GPU" (no start-up fallback note), then each worker that failed says so, once.
    expect(run.stderr).not.toMatch(/using the CPU/);
    const fallbacks = [...run.stderr.matchAll(FALLBACK_LINE)];
    expect(fallbacks.length, run.stderr).toBeGreaterThanOrEqual(1);
    expect(fallbacks.length).toBeLessThanOrEqual(4);
    for (const line of fallbacks) expect(line[1]).toMatch(reason);

    const stored = vectorsOf(library);
    expect(stored.size).toBe(PHOTOS);
    let lowest = 1;
    for (const [path, expected] of reference) {
      const vector = stored.get(path);
      expect(vector, path).toBeDefined();
      expect((vector as Float32Array).every(Number.isFinite), path).toBe(true);
      lowest = Math.min(lowest, cosine(vector as Float32Array, expected));
    }
    expect(lowest).toBeGreaterThanOrEqual(0.9999);
    console.log(
      `provider ${mode}: ${PHOTOS} photos, ${fallbacks.length} worker(s) fell back to the CPU mid-run, lowest cosine to the CPU run ${lowest.toFixed(6)}`,
    );
  });
});

describe('the model’s own fallback, in process', () => {
  /** Sessions on `cuda` that fail as `fault` says. */
  const failingGpu = (fault: string) => ({ createSession: failingProviderSessions(parseProviderFault(fault)) });

  it('a text tower failing mid-search falls back once, and answers as the CPU does', async () => {
    const logged: string[] = [];
    const gpu = await ImageTextModel.load(bundledModelFolder(), { device: 'cuda', log: (m) => logged.push(m), ...failingGpu(`cuda:throw:${HEALTHY_RUNS}`) });
    const cpu = await ImageTextModel.load(bundledModelFolder(), { device: 'cpu' });
    try {
      expect(gpu.info.executionProvider).toBe('cuda');
      const queries = ['a red circle', 'blue squares', 'a photo of a green star', 'purple'];
      for (let i = 0; i < 4; i++) {
        const [got, want] = [await gpu.embedTexts(queries), await cpu.embedTexts(queries)];
        got.forEach((vector, q) => expect(cosine(vector, want[q] as Float32Array)).toBeGreaterThanOrEqual(0.9999));
      }
      expect(gpu.info.executionProvider).toBe('cpu');
      expect(gpu.info.deviceNote).toMatch(/^cuda failed during a run \(cuda device lost .*\); switched to the CPU$/);
      expect(logged).toEqual([`${gpu.info.deviceNote} and ran the failed batch again there`]);
    } finally {
      await Promise.all([gpu.dispose(), cpu.dispose()]);
    }
  });

  it('a provider that fails during the start-up probe is dropped there, with its reason', async () => {
    // One healthy run: the load's own check. The probe's image batch then fails.
    const logged: string[] = [];
    const model = await ImageTextModel.load(bundledModelFolder(), { device: 'cuda', log: (m) => logged.push(m), ...failingGpu('cuda:throw:1') });
    try {
      expect(model.info.executionProvider).toBe('cpu');
      expect(model.info.deviceNote).toMatch(/^--device cuda: using the CPU \(cuda failed during a run \(cuda device lost .*\); switched to the CPU\)$/);
    } finally {
      await model.dispose();
    }
  });

  it('refuses to fall back onto model files that changed on disk since the load', async () => {
    const folder = join(base, 'changing-model');
    await cp(bundledModelFolder(), folder, { recursive: true });
    const logged: string[] = [];
    const gpu = await ImageTextModel.load(folder, { device: 'cuda', log: (m) => logged.push(m), ...failingGpu(`cuda:throw:${HEALTHY_RUNS}`) });
    try {
      const image = await gpu.prepareImage({ data: new Uint8Array(64 * 48 * 3).fill(90), width: 64, height: 48 });
      await gpu.embedImages([image]); // the last healthy run
      const path = join(folder, MODEL_FILES.visionModel);
      const bytes = await readFile(path);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0x01;
      await writeFile(path, bytes);
      const failure = await gpu.embedImages([image]).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(LumenFailure);
      expect((failure as LumenFailure).code).toBe('model-changed');
      expect((failure as LumenFailure).message).toMatch(
        /cuda failed during a run .*the CPU cannot take over: the model files in .* changed on disk since they were loaded/,
      );
      expect(logged).toEqual([]);
    } finally {
      await gpu.dispose();
    }
  });
});
