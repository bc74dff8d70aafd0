import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { FileJob, PhotoOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import type { PhotoEmbedder } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { MemoryLogger } from '../../support/memory-logger';
import { tempDir, writeShapePhotos } from './indexer-fixtures';

/** An embedder that removes the whole folder being indexed before its first batch, as an unplugged drive would. */
class UnpluggingBeforeDecode implements PhotoEmbedder {
  constructor(
    private readonly pool: PhotoEmbedder,
    private readonly root: string,
  ) {}

  get maxBatchesInFlight(): number {
    return this.pool.maxBatchesInFlight;
  }

  async embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    await rm(this.root, { recursive: true, force: true });
    return this.pool.embed(files);
  }

  stop(): Promise<void> {
    return this.pool.stop();
  }
}

let services: LumenServices | undefined;
afterAll(async () => services?.dispose());

it('a folder that went away mid-run is reported offline, and why it could not be listed is in the log', async () => {
  const root = join(await tempDir('offline-reason'), 'drive');
  await mkdir(root);
  await writeShapePhotos(root, 3);
  const logger = new MemoryLogger();
  services = await LumenServices.open({ libraryDir: join(await tempDir('offline-reason-library'), 'library'), indexWorkers: 1, logger });
  const { db, photos, embeddings, vectorIndex, towerRowId, indexPool } = services;
  const indexer = new Indexer({
    db,
    photos,
    embeddings,
    vectorIndex,
    towerRowId,
    logger: logger.child({ service: 'indexer' }),
    embedder: new UnpluggingBeforeDecode(indexPool, root),
  });
  const summary = await indexer.indexFolders([root]);
  expect(summary.offline).toEqual([root]);
  const logged = logger.records.find((record) => record.fields.root === root);
  expect(logged).toMatchObject({ level: 'debug', fields: { service: 'indexer' } });
  expect((logged?.fields.err as NodeJS.ErrnoException).code).toBe('ENOENT');
});
