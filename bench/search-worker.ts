/**
 * One backend of `npm run bench -- search`, in its own process so that its peak RSS is its own:
 * `node --import tsx bench/search-worker.ts <job.json> <backend>` prints one JSON result line.
 */
import { readFileSync } from 'node:fs';
import { peakRssBytes } from '../src-main/node/indexer/embed-worker/peak-rss';
import { LibraryDb } from '../src-main/node/library/library-db';
import { loadVectorExtension } from '../src-main/node/library/vector/load-vector-extension';
import { BACKENDS, type BenchBackend } from './search-backends';
import { percentile } from './clustered-vectors';

export interface SearchJob {
  dir: string;
  towerRowId: number;
  dim: number;
  queries: number[][];
  truth: number[][];
  folderRootId: number;
  folderTruth: number[][];
  dateFrom: string;
  dateTo: string;
  dateTruth: number[][];
  /** Backends that scan everything per query get fewer queries. */
  slowQueryCount: number;
  /** The embeddings table with its SQL indexes (what every backend reads from), and the raw float32 bytes: count × dim × 4. */
  embeddingsBytes: number;
  rawBytes: number;
}

export interface FilterResult {
  p50: number;
  p95: number;
  /** CPU time (user + system) per query, p50: what the query costs when the machine is shared. */
  cpuP50: number;
  recall: number;
}

export interface WorkerResult {
  backend: string;
  buildMs: number;
  buildCpuMs: number;
  p50: number;
  p95: number;
  cpuP50: number;
  recall: number;
  queries: number;
  /** The index on disk: pages it added to the database, plus its own file if it keeps one. */
  dbMb: number;
  /** Embeddings plus index, over the raw float32 vectors. */
  storeRatio: number;
  peakRssMb: number;
  folder: FilterResult;
  date: FilterResult;
  openMs: number | undefined;
}

const REOPENS = new Set(['scan', 'vec-float32', 'ivf (Lumen)', 'usearch hnsw i8', 'usearch hnsw i8 + re-rank', 'usearch hnsw f16', 'hnswlib-node']);
const SLOW = new Set(['scan', 'vec-float32', 'vec-int8', 'vec-bit+rescore', 'vss-flat']);

function usedPages(db: LibraryDb): number {
  return (db.connection.pragma('page_count', { simple: true }) as number) - (db.connection.pragma('freelist_count', { simple: true }) as number);
}

function measure(run: (q: number) => number[], truth: number[][], count: number): FilterResult {
  const latencies: number[] = [];
  const cpu: number[] = [];
  let found = 0;
  let expected = 0;
  for (let q = 0; q < count; q++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const hits = run(q);
    const used = process.cpuUsage(cpuStarted);
    latencies.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    const want = new Set(truth[q]);
    expected += want.size;
    found += hits.filter((id) => want.has(id)).length;
  }
  latencies.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuP50: percentile(cpu, 50), recall: expected === 0 ? 1 : found / expected };
}

function main(): void {
  const [jobPath, name] = process.argv.slice(2);
  const job = JSON.parse(readFileSync(jobPath as string, 'utf8')) as SearchJob;
  const factory = BACKENDS[name as string];
  if (!factory) throw new Error(`unknown backend ${name}`);
  let db = LibraryDb.open(job.dir);
  const pageSize = db.connection.pragma('page_size', { simple: true }) as number;
  const pagesBefore = usedPages(db);
  const backend: BenchBackend = factory(db, job.towerRowId, job.dim);
  const started = performance.now();
  const buildCpu = process.cpuUsage();
  backend.build();
  const buildMs = performance.now() - started;
  const buildUsed = process.cpuUsage(buildCpu);
  const buildCpuMs = (buildUsed.user + buildUsed.system) / 1000;
  const indexBytes = (usedPages(db) - pagesBefore) * pageSize + (backend.externalBytes?.() ?? 0);
  const dbMb = indexBytes / 2 ** 20;

  const queries = job.queries.map((q) => Float32Array.from(q));
  const count = SLOW.has(name as string) ? Math.min(job.slowQueryCount, queries.length) : queries.length;
  const query = (q: number) => queries[q] as Float32Array;
  const plain = measure((q) => backend.search(query(q), 10), job.truth, count);
  const idsOf = (sql: string, ...params: (string | number)[]) =>
    new Set(
      db.connection
        .prepare<(string | number)[], number>(sql)
        .pluck()
        .all(...params),
    );
  // Filter latency includes turning the filter into candidate ids with SQL, as a filtered search must.
  const folderPath = db.connection.prepare<[number], string>('SELECT path FROM roots WHERE id = ?').pluck().get(job.folderRootId) as string;
  // The search service's "to" is a whole day, inclusive: the day before the job's exclusive end.
  const dateTo = new Date(Date.parse(job.dateTo) - 86_400_000).toISOString().slice(0, 10);
  const folder = measure(
    (q) =>
      backend.searchFiltered
        ? backend.searchFiltered(query(q), 10, { folder: folderPath })
        : backend.search(query(q), 10, idsOf('SELECT id FROM photos WHERE root_id = ?', job.folderRootId)),
    job.folderTruth,
    count,
  );
  const date = measure(
    (q) =>
      backend.searchFiltered
        ? backend.searchFiltered(query(q), 10, { from: job.dateFrom, to: dateTo })
        : backend.search(query(q), 10, idsOf('SELECT id FROM photos WHERE taken_at >= ? AND taken_at < ?', job.dateFrom, job.dateTo)),
    job.dateTruth,
    count,
  );

  // Opening an existing library until its first search can run (backends that persist an index, and the scan, which must load everything).
  let openMs: number | undefined;
  if (REOPENS.has(name as string)) {
    db.close();
    const opened = performance.now();
    const reopenedDb = LibraryDb.open(job.dir);
    const reopened = factory(reopenedDb, job.towerRowId, job.dim);
    if (reopened.open) reopened.open();
    else reopened.build();
    reopened.search(query(0), 10);
    openMs = performance.now() - opened;
    reopenedDb.close();
    db = LibraryDb.open(job.dir);
  }

  if (backend.tables.length > 0) {
    loadVectorExtension(db.connection, 'vec');
    if (name?.startsWith('vss')) loadVectorExtension(db.connection, 'vss');
    for (const table of backend.tables) db.connection.exec(`DROP TABLE IF EXISTS "${table}"`);
  }
  backend.cleanup?.();
  db.close();
  const result: WorkerResult = {
    backend: name as string,
    buildMs,
    buildCpuMs,
    ...plain,
    queries: count,
    dbMb,
    storeRatio: (job.embeddingsBytes + indexBytes) / job.rawBytes,
    peakRssMb: peakRssBytes() / 2 ** 20,
    folder,
    date,
    openMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
