/**
 * HNSW libraries measured beside Lumen's IVF by `npm run bench -- search`: usearch (int8 or f16
 * vectors in the graph) and hnswlib-node (float32). Each keeps its index in a file next to the
 * library (their own format, outside SQLite), built from the library's `embeddings`. Filters: up to
 * `EXACT_FILTER_LIMIT` candidates are scored exactly from `embeddings`, as Lumen's IVF does; above,
 * hnswlib takes the candidates as its own filter, usearch (no filter in its JavaScript API) asks
 * for more neighbours until enough pass.
 */
import { rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Hnswlib from 'hnswlib-node';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import type { LibraryDb } from '../src-main/node/library/library-db';
import { embeddingsSource, exactSearchAmong } from '../src-main/node/library/vector/exact-search';
import { DEFAULT_IVF_SEARCH } from '../src-main/node/library/vector/ivf/ivf-index';
import type { BackendFactory, BenchBackend } from './search-backends';

/** Graph degree and construction beam for both libraries (hnswlib's default M, half its default efConstruction: a 1M build in reasonable time). */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 100;
/**
 * Search beam (`--hnsw-ef`). These clustered vectors are hard for a graph (a query's ten nearest sit among a
 * thousand near-equidistant neighbours): at 100k × 512, f16 and hnswlib reach recall@10 0.97 at 512
 * and 0.99 at 1024, where Lumen's IVF has 0.989 (a sweep of 64…1024, docs/BENCHMARKS.md); i8
 * levels off at 0.75 whatever the beam.
 */
export const DEFAULT_HNSW_EXPANSION = 1024;
/** `--hnsw-ef` reaches the worker process through this variable. */
export const HNSW_EXPANSION_ENV = 'LUMEN_BENCH_HNSW_EF';
const EXPANSION_SEARCH = Number(process.env[HNSW_EXPANSION_ENV] ?? DEFAULT_HNSW_EXPANSION);
const EXACT_FILTER_LIMIT = DEFAULT_IVF_SEARCH.exactCandidateLimit;
const ADD_BATCH = 10_000;
/** Neighbours re-scored by the re-ranking variant: Lumen's IVF re-scores 100 for a top 10. */
const RERANK = DEFAULT_IVF_SEARCH.minRescore;

// A CommonJS addon whose exports Node cannot list for an ES import.
const { HierarchicalNSW } = createRequire(import.meta.url)('hnswlib-node') as typeof Hnswlib;
type HierarchicalNSW = InstanceType<typeof HierarchicalNSW>;

function unit(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return vector.map((x) => x / norm);
}

/** Reads the tower's embeddings (unit length) in batches of ADD_BATCH: ids and row-major vectors. */
function* batches(db: LibraryDb, towerRowId: number, dim: number): Generator<{ ids: number[]; vectors: Float32Array }> {
  let ids: number[] = [];
  let vectors = new Float32Array(ADD_BATCH * dim);
  for (const { photoId, vector } of new EmbeddingRepository(db).iterateEmbeddings(towerRowId)) {
    vectors.set(unit(vector), ids.length * dim);
    ids.push(photoId);
    if (ids.length === ADD_BATCH) {
      yield { ids, vectors };
      ids = [];
      vectors = new Float32Array(ADD_BATCH * dim);
    }
  }
  if (ids.length > 0) yield { ids, vectors: vectors.subarray(0, ids.length * dim) };
}

function exactAmong(db: LibraryDb, towerRowId: number, query: Float32Array, among: ReadonlySet<number>, k: number): number[] {
  return exactSearchAmong(db, embeddingsSource(towerRowId), unit(query), among, k).map((hit) => hit.photoId);
}

/**
 * usearch with `quantization` vectors in its graph; with `rerank`, it returns RERANK neighbours and
 * they are re-scored exactly from `embeddings` (as Lumen's IVF re-scores its shortlist).
 */
export function usearchBackend(quantization: 'i8' | 'f16', rerank = false): BackendFactory {
  return (db, towerRowId, dim): BenchBackend => {
    const file = join(db.dir, `bench-usearch-${quantization}.usearch`);
    const count = new EmbeddingRepository(db).countEmbeddings(towerRowId);
    const make = () =>
      new Index({
        dimensions: dim,
        metric: MetricKind.Cos,
        quantization: quantization === 'i8' ? ScalarKind.I8 : ScalarKind.F16,
        connectivity: CONNECTIVITY,
        expansion_add: EXPANSION_ADD,
        expansion_search: EXPANSION_SEARCH,
        multi: false,
      });
    let index: Index | undefined;
    const knn = (query: Float32Array, k: number): number[] => {
      const matches = (index as Index).search(unit(query), rerank ? Math.max(k, RERANK) : k, 1);
      const ids = Array.from(matches.keys, (key) => Number(key));
      return rerank ? exactAmong(db, towerRowId, query, new Set(ids), k) : ids;
    };
    return {
      build: () => {
        index = make();
        // Two threads: the machine's cores (the search itself runs on one).
        for (const { ids, vectors } of batches(db, towerRowId, dim))
          index.add(
            BigUint64Array.from(ids, (id) => BigInt(id)),
            vectors,
            2,
          );
        index.save(file);
      },
      open: () => {
        index = make();
        index.load(file);
      },
      search: (query, k, among) => {
        if (!among) return knn(query, k);
        if (among.size <= EXACT_FILTER_LIMIT) return exactAmong(db, towerRowId, query, among, k);
        // Ask for more neighbours until k of them are candidates (at worst, the whole library).
        for (let wanted = Math.ceil((k * count * 2) / among.size); ; wanted *= 2) {
          const hits = knn(query, Math.min(wanted, count)).filter((id) => among.has(id));
          if (hits.length >= k || wanted >= count) return hits.slice(0, k);
        }
      },
      tables: [],
      externalBytes: () => statSync(file).size,
      cleanup: () => rmSync(file, { force: true }),
    };
  };
}

export const hnswlibBackend: BackendFactory = (db, towerRowId, dim): BenchBackend => {
  const file = join(db.dir, 'bench-hnswlib.bin');
  let index: HierarchicalNSW | undefined;
  // hnswlib-node takes plain arrays; the conversion is part of what using it costs.
  const knn = (query: Float32Array, k: number, filter?: (label: number) => boolean) =>
    (index as HierarchicalNSW).searchKnn(Array.from(unit(query)), k, filter).neighbors;
  return {
    build: () => {
      index = new HierarchicalNSW('cosine', dim);
      index.initIndex({ maxElements: new EmbeddingRepository(db).countEmbeddings(towerRowId), m: CONNECTIVITY, efConstruction: EXPANSION_ADD });
      for (const { ids, vectors } of batches(db, towerRowId, dim)) {
        ids.forEach((id, i) => (index as HierarchicalNSW).addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), id));
      }
      index.setEf(EXPANSION_SEARCH);
      index.writeIndexSync(file);
    },
    open: () => {
      index = new HierarchicalNSW('cosine', dim);
      index.readIndexSync(file);
      index.setEf(EXPANSION_SEARCH);
    },
    search: (query, k, among) => {
      if (!among) return knn(query, k);
      if (among.size <= EXACT_FILTER_LIMIT) return exactAmong(db, towerRowId, query, among, k);
      return knn(query, k, (label) => among.has(label));
    },
    tables: [],
    externalBytes: () => statSync(file).size,
    cleanup: () => rmSync(file, { force: true }),
  };
};
