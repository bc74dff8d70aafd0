/** What the indexer sends its workers: each new file once, with the sha256 the indexer computed, so that no worker hashes it again. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileJob, PhotoOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import { EmbedWorkerPool, type PhotoEmbedder } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

/** The real pool, with the jobs it was given written down. */
class RecordingEmbedder implements PhotoEmbedder {
  readonly jobs: FileJob[] = [];
  constructor(private readonly inner: EmbedWorkerPool) {}
  get maxBatchesInFlight(): number {
    return this.inner.maxBatchesInFlight;
  }
  embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    this.jobs.push(...files);
    return this.inner.embed(files);
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
}

let services: LumenServices;
beforeAll(async () => {
  services = await openLibrary(await tempDir('worker-jobs-lib'), 1);
}, 300_000);
afterAll(async () => {
  await services?.dispose();
});

describe('jobs sent to the embed workers', () => {
  it('carry the sha256 the indexer computed, which is the one the library stores', async () => {
    const photos = await tempDir('worker-jobs');
    const paths = await writeShapePhotos(photos, 6, 91);
    const recording = new RecordingEmbedder(
      new EmbedWorkerPool({ size: 1, model: { folder: services.model.folder, intraOpThreads: 1 }, libraryDir: services.libraryDir }),
    );
    const summary = await new Indexer({ ...services, embedder: recording, batchSize: 4 }).indexFolders([photos]);
    await recording.stop();
    expect(summary.indexed).toBe(6);
    expect(recording.jobs.map((job) => job.path).sort()).toEqual([...paths].sort());
    for (const job of recording.jobs) {
      const sha256 = createHash('sha256')
        .update(await readFile(job.path))
        .digest('hex');
      expect(job.contentHash).toBe(sha256);
      expect(services.photos.getPhotoByPath(job.path)?.contentHash).toBe(sha256);
    }
  });

  it('are decoded several at a time by a worker told to (an accelerator’s shape), each photo its own outcome', async () => {
    const photos = await tempDir('worker-jobs-concurrent');
    const paths = await writeShapePhotos(photos, 7, 93);
    const pool = new EmbedWorkerPool({
      size: 1,
      decodeConcurrency: 3,
      model: { folder: services.model.folder, intraOpThreads: 1 },
      libraryDir: services.libraryDir,
    });
    try {
      const jobs = await Promise.all(paths.map(async (path) => ({ path, size: (await readFile(path)).length, mtimeMs: 0 })));
      const outcomes = await pool.embed(jobs);
      expect(outcomes.map((o) => [o.path, o.ok])).toEqual(paths.map((path) => [path, true]));
    } finally {
      await pool.stop();
    }
  });
});
