/**
 * The pipeline's contract with its host: progress events, bounded work in flight, pause, resume
 * and cancel, and a worker pool that survives a worker dying on one file.
 */
import { mkdtemp, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IndexProgress } from '../../../src-common/contract';
import type { FileJob, PhotoOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import type { WorkerEntry } from '../../../src-main/node/inference/worker-entry';
import { EmbedWorkerPool, type PhotoEmbedder } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import { IndexRunControl } from '../../../src-main/node/indexer/run-control';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { faultyWorkerEntry } from '../../support/faulty-worker-entry';
import { libraryCounts, openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

/** Wraps the real pool to observe how many batches the indexer keeps in flight at once. */
class ObservedEmbedder implements PhotoEmbedder {
  inFlight = 0;
  maxInFlight = 0;
  batches = 0;
  constructor(private readonly inner: EmbedWorkerPool) {}
  get maxBatchesInFlight(): number {
    return this.inner.maxBatchesInFlight;
  }
  async embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    this.inFlight++;
    this.batches++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.inner.embed(files);
    } finally {
      this.inFlight--;
    }
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
}

let services: LumenServices;
let photos: string;
const COUNT = 64;

function indexerWith(embedder: PhotoEmbedder, batchSize = 4): Indexer {
  return new Indexer({ ...services, embedder, batchSize });
}

function poolOf(size: number, workerEntry?: WorkerEntry): EmbedWorkerPool {
  return new EmbedWorkerPool({
    size,
    model: { folder: services.model.folder, intraOpThreads: 1 },
    libraryDir: services.libraryDir,
    ...(workerEntry ? { workerEntry } : {}),
  });
}

beforeAll(async () => {
  photos = await tempDir('pipeline');
  await writeShapePhotos(photos, COUNT, 31);
  services = await openLibrary(await tempDir('pipeline-lib'));
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('indexing pipeline', () => {
  it('starts paused work only on resume, reports progress, and keeps at most the pool’s capacity in flight', async () => {
    const observed = new ObservedEmbedder(poolOf(2));
    const control = new IndexRunControl();
    const events: IndexProgress[] = [];
    control.pause();
    const run = indexerWith(observed).indexFolders([photos], { control, onProgress: (p) => events.push(p) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(libraryCounts(services).photos).toBe(0);
    expect(events.at(-1)?.paused).toBe(true);
    control.resume();
    const summary = await run;
    expect(summary).toMatchObject({ found: COUNT, indexed: COUNT, failed: 0, cancelled: false });
    expect(observed.batches).toBe(COUNT / 4);
    expect(observed.maxInFlight).toBeGreaterThan(1);
    expect(observed.maxInFlight).toBeLessThanOrEqual(observed.maxBatchesInFlight);
    const last = events.at(-1) as IndexProgress;
    expect(last).toMatchObject({ found: COUNT, done: COUNT, skipped: 0, failed: 0, scanning: false, paused: false, etaSeconds: 0 });
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1] as IndexProgress, events[i] as IndexProgress];
      expect(b.found >= a.found && b.done >= a.done && b.skipped >= a.skipped).toBe(true);
    }
    expect(events.some((e) => e.photosPerSecond > 0 && e.etaSeconds !== null && e.done < COUNT)).toBe(true);
  });

  it('reports unchanged photos as skipped on the next run', async () => {
    const events: IndexProgress[] = [];
    const summary = await services.indexer.indexFolders([photos], { onProgress: (p) => events.push(p) });
    expect(summary).toMatchObject({ unchanged: COUNT, indexed: 0 });
    expect(events.at(-1)).toMatchObject({ skipped: COUNT, done: 0 });
  });

  it('applies the vector layout policy when a run ends (here: nothing to rebuild at this size)', async () => {
    const check = vi.spyOn(services.vectorIndex, 'checkLayout'); // calls through
    try {
      await services.indexer.indexFolders([photos]);
      expect(check).toHaveBeenCalledTimes(1);
      expect(check).toHaveReturnedWith(undefined);
      expect(services.vectorIndex.rebuilding).toBe(false);
    } finally {
      check.mockRestore();
    }
  });

  it('stops on cancel, keeps what was done, removes nothing, and the next run finishes', async () => {
    const more = await tempDir('pipeline-cancel');
    await writeShapePhotos(more, 40, 41);
    const control = new IndexRunControl();
    const indexer = indexerWith(poolOf(1), 2);
    const summary = await indexer.indexFolders([more], {
      control,
      onProgress: (p) => {
        if (p.done >= 4) control.cancel();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.indexed).toBeGreaterThanOrEqual(4);
    expect(summary.indexed).toBeLessThan(40);
    const rest = await indexer.indexFolders([more]);
    expect(rest.indexed + rest.reused).toBe(40 - summary.indexed);
    expect(rest.unchanged).toBe(summary.indexed);
  });
});

describe('a worker that dies or hangs on a file', () => {
  it('is killed when a file never finishes reading; that file is recorded as timed out, the others index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-hang-'));
    await writeShapePhotos(dir, 3, 71);
    const [stalled] = await writeShapePhotos(dir, 1, 72, 'stalled-share');
    const pool = new EmbedWorkerPool({
      size: 1,
      model: { folder: services.model.folder, intraOpThreads: 1 },
      libraryDir: services.libraryDir,
      timeout: { baseMs: 6000, perFileMs: 1000 },
      workerEntry: faultyWorkerEntry({ hangOn: 'stalled-share' }),
    });
    try {
      const summary = await indexerWith(pool, 4).indexFolders([dir]);
      expect(summary).toMatchObject({ found: 4, indexed: 3, failed: 1 });
      expect(services.photos.getError(stalled as string)?.reason).toMatch(/took more than 7 s and was stopped: a stalled network share/);
    } finally {
      await pool.stop();
    }
  });

  it('is replaced; only that file is recorded, the run goes on, and the file is retried once it changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-crash-'));
    await writeShapePhotos(dir, 9, 51);
    const [victim] = await writeShapePhotos(dir, 1, 52, 'kills-decoder');
    const pool = poolOf(2, faultyWorkerEntry({ crashOn: 'kills-decoder' }));
    const summary = await indexerWith(pool, 5).indexFolders([dir]);
    expect(summary).toMatchObject({ found: 10, indexed: 9, failed: 1 });
    expect(pool.crashCount).toBeGreaterThanOrEqual(2);
    expect(services.photos.getError(victim as string)?.reason).toMatch(/decoder crashed on this file \(SIGKILL\).*re-save it/);

    await pool.stop();

    // The file repaired: real workers from here on.
    const healthy = poolOf(2);
    const unchanged = await indexerWith(healthy, 5).indexFolders([dir]);
    expect(unchanged).toMatchObject({ indexed: 0, failed: 0, unchanged: 10 });
    await utimes(victim as string, new Date(), new Date(Date.now() + 10_000));
    const retried = await indexerWith(healthy, 5).indexFolders([dir]);
    expect(retried).toMatchObject({ indexed: 1, failed: 0 });
    expect(services.photos.getError(victim as string)).toBeUndefined();
    await healthy.stop();
  });
});
