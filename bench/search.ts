/**
 * `npm run bench -- search [--sizes 10000,100000,1000000] [--dims 512,768] [--queries 100]
 * [--slow-queries 20] [--backends a,b] [--vss-max 10000] [--hnsw-ef 1024]`: every vector backend on the same
 * clustered library, side by side in one run — p50/p95 latency, recall@10 against exact search,
 * build time, the index's size on disk and the whole vector store (embeddings plus index) against
 * the raw float32 vectors, peak RSS, filtered search (a folder of 1% of the library; a date range of
 * ≈10%), and the time to open a built library until its first search; then Lumen's IVF against each
 * other backend (ratios from the same run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import { LibraryDb } from '../src-main/node/library/library-db';
import { PhotoRepository } from '../src-main/node/library/photo-repository';
import { DEFAULT_HNSW_EXPANSION, HNSW_EXPANSION_ENV } from './hnsw-backends';
import { BACKENDS } from './search-backends';
import { clusteredUnitVectors, queriesNear, scanTopK } from './search-data';
import type { SearchJob, WorkerResult } from './search-worker';

const FOLDERS = 100;
const YEARS = 10;
const FOLDER_ROOT_INDEX = 7;

function takenAt(row: number): string {
  const day = (row * 7919) % (YEARS * 365);
  return new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString();
}

/** Writes the library (photos in 100 folders over 10 years, and their embeddings) and the exact answers. */
function prepareJob(size: number, dim: number, queryCount: number, slowQueryCount: number): SearchJob {
  const set = clusteredUnitVectors(size, dim, Math.max(64, Math.round(size / 1000)), 1);
  const queries = queriesNear(set, queryCount, 2);
  const dir = mkdtempSync(join(tmpdir(), `lumen-bench-search-${size}-${dim}-`));
  const db = LibraryDb.open(dir);
  const photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const towerRowId = embeddings.ensureImageTower(`bench-${dim}`, 'bench', dim);
  const roots = Array.from({ length: FOLDERS }, (_, f) => photos.upsertRoot(`/bench/f${f}`));
  const photoIds = new Float64Array(size);
  const BATCH = 50_000;
  for (let start = 0; start < size; start += BATCH) {
    db.transaction(() => {
      for (let row = start; row < Math.min(size, start + BATCH); row++) {
        const f = row % FOLDERS;
        const id = photos.upsertPhoto({
          rootId: roots[f] as number,
          path: `/bench/f${f}/${row}.jpg`,
          size: 1,
          mtimeMs: 1,
          contentHash: String(row),
          width: 1,
          height: 1,
          format: 'jpeg',
          takenAt: takenAt(row),
          cameraMake: null,
          cameraModel: null,
          thumbnail: null,
        });
        photoIds[row] = id;
        embeddings.putEmbedding(id, towerRowId, set.data.subarray(row * dim, (row + 1) * dim));
      }
    });
  }
  // Every backend reads the embeddings; the vector store is they plus the index (SQLite's own page accounting).
  const embeddingsBytes = db.connection
    .prepare<[], number>("SELECT sum(pgsize) FROM dbstat WHERE name IN ('embeddings', 'embeddings_by_tower') OR name GLOB 'sqlite_autoindex_embeddings_*'")
    .pluck()
    .get() as number;
  db.close();

  const dateFrom = '2020-01-01T00:00:00.000Z';
  const dateTo = '2021-01-01T00:00:00.000Z';
  const folderRows = Int32Array.from({ length: size }, (_, r) => r).filter((r) => r % FOLDERS === FOLDER_ROOT_INDEX);
  const dateRows = Int32Array.from({ length: size }, (_, r) => r).filter((r) => takenAt(r) >= dateFrom && takenAt(r) < dateTo);
  const ids = (rows: number[]) => rows.map((r) => photoIds[r] as number);
  const slow = Math.min(slowQueryCount, queryCount);
  return {
    dir,
    towerRowId,
    dim,
    queries: queries.map((q) => [...q]),
    truth: queries.map((q) => ids(scanTopK(set, q, 10))),
    folderRootId: roots[FOLDER_ROOT_INDEX] as number,
    folderTruth: queries.slice(0, slow).map((q) => ids(scanTopK(set, q, 10, folderRows))),
    dateFrom,
    dateTo,
    dateTruth: queries.slice(0, slow).map((q) => ids(scanTopK(set, q, 10, dateRows))),
    slowQueryCount: slow,
    embeddingsBytes,
    rawBytes: size * dim * 4,
  };
}

interface Row {
  size: number;
  dim: number;
  result?: WorkerResult;
  note?: string;
}

function runWorker(jobPath: string, backend: string, hnswExpansion: string): WorkerResult | string {
  const worker = join(import.meta.dirname, 'search-worker.ts');
  // One Faiss thread: OpenMP's spinning threads make sqlite-vss 10–100× slower on a busy 2-core machine.
  const run = spawnSync(process.execPath, ['--import', 'tsx', worker, jobPath, backend], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', [HNSW_EXPANSION_ENV]: hnswExpansion },
    maxBuffer: 1 << 24,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) return `failed (exit ${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
  return JSON.parse(line) as WorkerResult;
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

function table(rows: Row[], header: string): string {
  const lines = [
    header,
    '',
    '| vectors | dim | backend | build wall / CPU (s) | p50 (ms) | p95 (ms) | CPU p50 (ms) | recall@10 | index on disk (MB) | store / raw | peak RSS (MB) | folder 1%: p50 / CPU / recall | date ≈10%: p50 / CPU / recall | open → first search (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { size, dim, result: r } of rows) {
    if (!r) continue;
    lines.push(
      `| ${size} | ${dim} | ${r.backend} | ${f1(r.buildMs / 1000)} / ${f1(r.buildCpuMs / 1000)} | ${f2(r.p50)} | ${f2(r.p95)} | ${f2(r.cpuP50)} | ${f3(r.recall)} | ${f1(r.dbMb)} | ${f2(r.storeRatio)} | ${r.peakRssMb.toFixed(0)} | ${f2(r.folder.p50)} / ${f2(r.folder.cpuP50)} / ${f3(r.folder.recall)} | ${f2(r.date.p50)} / ${f2(r.date.cpuP50)} / ${f3(r.date.recall)} | ${r.openMs === undefined ? '–' : r.openMs.toFixed(0)} |`,
    );
  }
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.size} × ${row.dim}: ${row.note}`);
  return [...lines, ...(notes.length > 0 ? ['', 'Not run or failed:', ...notes] : [])].join('\n');
}

/** The vector store goal: embeddings plus index at most this many times the raw float32 vectors. */
const STORE_GOAL = 1.3;
const LUMEN_IVF = 'ivf (Lumen)';

/** Lumen's IVF beside every other backend of the same library: how many times faster, smaller and quicker to build it is (> 1: Lumen's is). */
function comparison(rows: Row[]): string {
  const lines = [
    `Lumen's IVF against each other backend, same run (× = the other's figure over Lumen's; > 1 means Lumen's is faster, smaller or quicker). Goal: vector store ≤ ${STORE_GOAL} × raw.`,
    '',
    `| vectors | dim | backend | recall@10 (Lumen's) | p50 ×, CPU p50 × | index on disk × | store / raw (Lumen's: goal met?) | build CPU × | peak RSS × |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { size, dim, result: ours } of rows) {
    if (ours?.backend !== LUMEN_IVF) continue;
    for (const { result: other } of rows.filter((row) => row.size === size && row.dim === dim && row.result && row.result.backend !== LUMEN_IVF)) {
      if (!other) continue;
      const times = (theirs: number, mine: number) => (mine > 0 ? `${(theirs / mine).toFixed(2)}` : '–');
      lines.push(
        `| ${size} | ${dim} | ${other.backend} | ${f3(other.recall)} (${f3(ours.recall)}) | ${times(other.p50, ours.p50)}, ${times(other.cpuP50, ours.cpuP50)} | ${times(other.dbMb, ours.dbMb)} | ${f2(other.storeRatio)} (${f2(ours.storeRatio)}: ${ours.storeRatio <= STORE_GOAL ? 'yes' : 'no'}) | ${times(other.buildCpuMs, ours.buildCpuMs)} | ${times(other.peakRssMb, ours.peakRssMb)} |`,
      );
    }
  }
  return lines.length > 4 ? lines.join('\n') : '';
}

export async function runSearchBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: 'string', default: '10000,100000,1000000' },
      dims: { type: 'string', default: '512,768' },
      queries: { type: 'string', default: '100' },
      'slow-queries': { type: 'string', default: '20' },
      backends: { type: 'string', default: Object.keys(BACKENDS).join(',') },
      'vss-max': { type: 'string', default: '10000' },
      'hnsw-ef': { type: 'string', default: String(DEFAULT_HNSW_EXPANSION) },
    },
  });
  const vssMax = Number(values['vss-max']);
  const rows: Row[] = [];
  for (const size of values.sizes.split(',').map(Number)) {
    for (const dim of values.dims.split(',').map(Number)) {
      const started = performance.now();
      const job = prepareJob(size, dim, Number(values.queries), Number(values['slow-queries']));
      const jobPath = join(job.dir, 'job.json');
      writeFileSync(jobPath, JSON.stringify(job));
      process.stderr.write(`[search] ${size} × ${dim}: library written in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      for (const backend of values.backends.split(',')) {
        if (backend.startsWith('vss') && size > vssMax) {
          rows.push({
            size,
            dim,
            note: `${backend} not run above --vss-max ${vssMax}: sqlite-vss inserts cost milliseconds per row, growing with the index (see the notes)`,
          });
          continue;
        }
        const t0 = performance.now();
        const result = runWorker(jobPath, backend, values['hnsw-ef']);
        // The whole result, so a run cut short still leaves its measurements in the log.
        process.stderr.write(
          `[search] ${size} × ${dim} ${backend}: ${typeof result === 'string' ? result : JSON.stringify(result)} in ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${loadavg()[0]?.toFixed(1) ?? '?'}\n`,
        );
        rows.push(typeof result === 'string' ? { size, dim, note: `${backend} ${result}` } : { size, dim, result });
      }
      rmSync(job.dir, { recursive: true, force: true });
    }
  }
  const header = `Search at scale, clustered unit vectors, queries near stored vectors, top-10, one run (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.arch}; HNSW search beam ${values['hnsw-ef']}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the end):`;
  process.stdout.write(`${table(rows, header)}\n`);
  const compared = comparison(rows);
  if (compared) process.stdout.write(`\n${compared}\n`);
}
