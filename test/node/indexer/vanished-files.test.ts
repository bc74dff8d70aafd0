/**
 * Files deleted while a run works on them (a phone sync, a cleanup in another window) are not
 * errors: they are counted as vanished, get no error row, and the run's counters add up. They
 * vanish at each stage here: after the walk listed them but before it looked at them, after it
 * looked at them but before they were hashed, and after they were hashed but before a worker
 * decoded them.
 */
import { rmSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import type { FileJob, PhotoOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import type { PhotoEmbedder } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import { IndexRunControl } from '../../../src-main/node/indexer/run-control';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { libraryCounts, openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

const EARLY = 200;
const LATE = 10;
const KEPT = 20;

let photos: string;
let services: LumenServices;
let summary: IndexSummary;
const early: string[] = [];

/** The real worker pool; files named late-… are deleted just before a batch holding them reaches it. */
class DeletingBeforeDecode implements PhotoEmbedder {
  constructor(private readonly pool: PhotoEmbedder) {}

  get maxBatchesInFlight(): number {
    return this.pool.maxBatchesInFlight;
  }

  async embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    await Promise.all(files.filter((f) => basename(f.path).startsWith('late-')).map((f) => rm(f.path)));
    return this.pool.embed(files);
  }

  stop(): Promise<void> {
    return this.pool.stop();
  }
}

/** A real run control that, when the run takes up the first file the walk found, deletes the given files. */
class DeletingAtFirstFile extends IndexRunControl {
  private pending: readonly string[];

  constructor(files: readonly string[]) {
    super();
    this.pending = files;
  }

  override async waitWhilePaused(): Promise<void> {
    for (const path of this.pending) rmSync(path);
    this.pending = [];
    return super.waitWhilePaused();
  }
}

function sum(s: IndexSummary): number {
  return s.indexed + s.reused + s.unchanged + s.failed + s.vanished;
}

beforeAll(async () => {
  photos = await tempDir('vanished');
  services = await openLibrary(await tempDir('vanished-lib'));
  // In the root: listed before any sub-folder, and more than the walk looks at (stats) in one go.
  const [template] = await writeShapePhotos(await tempDir('vanished-template'), 1, 5);
  for (let i = 0; i < EARLY; i++) {
    const path = join(photos, `early-${String(i).padStart(3, '0')}.jpg`);
    await copyFile(template as string, path);
    early.push(path);
  }
  await mkdir(join(photos, 'sub'));
  await writeShapePhotos(join(photos, 'sub'), LATE, 6, 'late');
  await writeShapePhotos(join(photos, 'sub'), KEPT, 7, 'kept');
  const { db, photos: repository, embeddings, vectorIndex, towerRowId, indexPool, logger } = services;
  const indexer = new Indexer({ db, photos: repository, embeddings, vectorIndex, towerRowId, logger, embedder: new DeletingBeforeDecode(indexPool) });
  // The root's files are listed before any sub-folder's: the first file taken up is an early-… one.
  summary = await indexer.indexFolders([photos], { control: new DeletingAtFirstFile(early) });
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('files that vanish during a run', () => {
  it('are counted as vanished, not as failures, and get no error row', () => {
    expect(summary).toMatchObject({ failed: 0, indexed: KEPT, reused: 0, vanished: EARLY + LATE });
    expect(services.photos.listErrors()).toEqual([]);
  });

  it('make the counters add up: found = indexed + reused + unchanged + failed + vanished', () => {
    expect(summary.found).toBe(EARLY + LATE + KEPT);
    expect(sum(summary)).toBe(summary.found);
  });

  it('leave a healthy library, and the next run finds only the files that are there', async () => {
    const counts = libraryCounts(services);
    expect(counts).toEqual({ photos: KEPT, embeddings: KEPT, vectors: KEPT, errors: 0 });
    const again = await services.indexer.indexFolders([photos]);
    expect(again).toMatchObject({ found: KEPT, unchanged: KEPT, vanished: 0, failed: 0 });
    expect(sum(again)).toBe(again.found);
  });
});
