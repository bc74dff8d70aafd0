/**
 * `npm run bench -- duplicates [--sizes 1000,10000,50000] [--dim 512]`: how long the duplicates view
 * waits for its groups (findDuplicateGroups: the vectors hashed into buckets and only pairs sharing a
 * bucket compared, plus one pass over the content hashes) on a clustered library where 2% of the photos
 * have a near-identical copy (the vector plus a little noise, cosine ≈ 0.99) and 1% an exact copy (the
 * same content hash); and how many of those planted pairs the groups hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { findDuplicateGroups } from '../src-main/node/duplicates/library-duplicates';
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import { LibraryDb } from '../src-main/node/library/library-db';
import { PhotoRepository } from '../src-main/node/library/photo-repository';
import { clusteredUnitVectors } from './search-data';
import { seededRandom } from '../src-common/seeded-random';

interface Row {
  photos: number;
  seconds: number;
  /** CPU time of the call: on a loaded machine the honest measure of its work. */
  cpuSeconds: number;
  rssMb: number;
  groups: number;
  nearFound: number;
  nearPlanted: number;
  exactFound: number;
  exactPlanted: number;
}

async function measure(size: number, dim: number): Promise<Row> {
  const random = seededRandom(size);
  const base = clusteredUnitVectors(size, dim, Math.max(64, Math.round(size / 1000)), 3);
  const dir = mkdtempSync(join(tmpdir(), `lumen-bench-duplicates-${size}-`));
  const db = LibraryDb.open(dir);
  try {
    const photos = new PhotoRepository(db);
    const embeddings = new EmbeddingRepository(db);
    const towerRowId = embeddings.ensureImageTower(`bench-${dim}`, 'bench', dim);
    const rootId = photos.upsertRoot('/bench');
    const near: Array<[number, number]> = [];
    const exact: Array<[number, number]> = [];
    db.transaction(() => {
      for (let row = 0; row < size; row++) {
        const vector = base.data.subarray(row * dim, (row + 1) * dim);
        const add = (name: string, hash: string, v: Float32Array): number => {
          const id = photos.upsertPhoto({
            rootId,
            path: `/bench/${name}.jpg`,
            size: 1,
            mtimeMs: 1,
            contentHash: hash,
            width: 1000,
            height: 750,
            format: 'jpeg',
            takenAt: null,
            cameraMake: null,
            cameraModel: null,
            thumbnail: null,
          });
          embeddings.putEmbedding(id, towerRowId, v);
          return id;
        };
        const id = add(String(row), `h${row}`, vector);
        const draw = random();
        if (draw < 0.02) {
          const noisy = Float32Array.from(vector, (x) => x + 0.004 * (random() - 0.5));
          near.push([id, add(`${row}-edited`, `e${row}`, noisy)]);
        } else if (draw < 0.03) exact.push([id, add(`${row}-copy`, `h${row}`, vector)]);
      }
    });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const groups = await findDuplicateGroups({ db, embeddings, towerRowId });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const groupOf = new Map<number, number>();
    groups.forEach((group, g) => group.photos.forEach((photo) => groupOf.set(photo.id, g)));
    const found = (pairs: Array<[number, number]>): number => pairs.filter(([a, b]) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b)).length;
    const row: Row = {
      photos: photos.countPhotos(),
      seconds,
      cpuSeconds,
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      groups: groups.length,
      nearFound: found(near),
      nearPlanted: near.length,
      exactFound: found(exact),
      exactPlanted: exact.length,
    };
    return row;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runDuplicatesBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { sizes: { type: 'string', default: '1000,10000,50000' }, dim: { type: 'string', default: '512' } } });
  const dim = Number(values.dim);
  const rows: Row[] = [];
  for (const size of values.sizes.split(',').map(Number)) {
    rows.push(await measure(size, dim));
    process.stderr.write(`${size} done\n`);
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  process.stdout.write(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPUs, load average ${load}, ${dim}-d vectors\n\n`);
  process.stdout.write(
    '| photos | groups found in (wall) | CPU time | peak RSS | groups | near-identical pairs grouped | exact copies grouped |\n| --- | --- | --- | --- | --- | --- | --- |\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.photos.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${r.rssMb} MB | ${r.groups} | ${r.nearFound} of ${r.nearPlanted} | ${r.exactFound} of ${r.exactPlanted} |\n`,
    );
  }
}
