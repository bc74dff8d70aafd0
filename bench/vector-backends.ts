/**
 * sqlite-vec vs sqlite-vss on the same clustered vectors, side by side in one run: build time,
 * search latency p50/p95 and recall@10 against exact search. Decides the default backend.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import { LibraryDb } from '../src-main/node/library/library-db';
import { PhotoRepository } from '../src-main/node/library/photo-repository';
import { openVectorIndex } from '../src-main/node/library/vector/open-vector-index';
import type { VectorBackendName } from '../src-main/node/library/vector/vector-index';
import { clusteredVectors, exactTopK, normalize, percentile } from './clustered-vectors';

interface Row {
  backend: VectorBackendName;
  dim: number;
  count: number;
  buildMs: number;
  p50: number;
  p95: number;
  recall: number;
  dbMb: number;
}

function measure(backend: VectorBackendName, vectors: Float32Array[], queries: Float32Array[], truth: number[][]): Row {
  const dir = mkdtempSync(join(tmpdir(), `lumen-bench-${backend}-`));
  const db = LibraryDb.open(dir);
  try {
    const photos = new PhotoRepository(db);
    const embeddings = new EmbeddingRepository(db);
    const dim = vectors[0]?.length ?? 0;
    const tower = embeddings.ensureImageTower(`bench-${dim}`, 'bench', dim);
    const rootId = photos.upsertRoot('/bench');
    const ids = db.transaction(() =>
      vectors.map((vector, i) => {
        const id = photos.upsertPhoto({
          rootId,
          path: `/bench/${i}.jpg`,
          size: 1,
          mtimeMs: 1,
          contentHash: String(i),
          width: 1,
          height: 1,
          format: 'jpeg',
          takenAt: null,
          cameraMake: null,
          cameraModel: null,
          thumbnail: null,
        });
        embeddings.putEmbedding(id, tower, vector);
        return id;
      }),
    );
    const started = performance.now();
    const index = openVectorIndex(db, backend, tower, dim); // builds from the stored embeddings
    const buildMs = performance.now() - started;
    const latencies: number[] = [];
    let found = 0;
    queries.forEach((query, q) => {
      const t0 = performance.now();
      const hits = index.search(query, 10);
      latencies.push(performance.now() - t0);
      const expected = new Set((truth[q] ?? []).map((i) => ids[i]));
      found += hits.filter((h) => expected.has(h.photoId)).length;
    });
    latencies.sort((a, b) => a - b);
    index.dispose();
    const dbMb = statSync(join(dir, 'lumen.db')).size / 2 ** 20;
    return {
      backend,
      dim,
      count: vectors.length,
      buildMs,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      recall: found / (queries.length * 10),
      dbMb,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runVectorBackendsBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { count: { type: 'string', default: '10000' }, dims: { type: 'string', default: '32,512' }, queries: { type: 'string', default: '200' } },
  });
  const count = Number(values.count);
  const queryCount = Number(values.queries);
  const rows: Row[] = [];
  for (const dim of values.dims.split(',').map(Number)) {
    const vectors = clusteredVectors(count, dim, 64, 1);
    const queries = clusteredVectors(queryCount, dim, 64, 1).map((_, i) => clusteredVectors(1, dim, 64, 1000 + i)[0] as Float32Array);
    const units = vectors.map(normalize);
    const truth = queries.map((q) => exactTopK(units, q, 10));
    for (const backend of ['vec', 'vss'] as const) rows.push(measure(backend, vectors, queries, truth));
  }
  const lines = [
    `Vector backends, ${count} clustered vectors, ${queryCount} queries, top-10, one run (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.arch}):`,
    '',
    '| dim | backend | build (ms) | search p50 (ms) | search p95 (ms) | recall@10 | db size (MB) | p50 vs vec |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const vec = rows.find((r) => r.dim === row.dim && r.backend === 'vec') as Row;
    lines.push(
      `| ${row.dim} | ${row.backend} | ${row.buildMs.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p95.toFixed(2)} | ${row.recall.toFixed(3)} | ${row.dbMb.toFixed(1)} | ${(row.p50 / vec.p50).toFixed(2)}× |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
