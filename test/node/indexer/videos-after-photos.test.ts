/** Video work never delays a photo: a folder's videos go to the workers after its photos, a couple at a time. */
import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileJob, PhotoOutcome } from '../../../src-main/node/indexer/embed-worker/protocol';
import type { PhotoEmbedder } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { writeSceneVideo } from '../../support/video-fixtures';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

/** The real pool, with the batches it was given, in order. */
class RecordingEmbedder implements PhotoEmbedder {
  readonly batches: string[][] = [];
  constructor(private readonly inner: PhotoEmbedder) {}
  get maxBatchesInFlight(): number {
    return this.inner.maxBatchesInFlight;
  }
  embed(files: FileJob[]): Promise<PhotoOutcome[]> {
    this.batches.push(files.map((f) => f.path));
    return this.inner.embed(files);
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
}

let root: string;
let services: LumenServices;

beforeAll(async () => {
  root = await tempDir('videos-after-photos');
  const folder = join(root, 'photos');
  await mkdir(folder);
  // Named so that a walk in name order would meet the videos first.
  for (const name of ['a-clip.mp4', 'b-clip.mov', 'c-clip.mkv']) await writeSceneVideo(folder, name, [{ color: 'orange', shape: 'star', seconds: 1 }]);
  await writeShapePhotos(folder, 5, 3, 'z-photo');
  services = await openLibrary(join(root, 'library'), 1);
}, 120_000);

afterAll(async () => {
  await services?.dispose();
  await rm(root, { recursive: true, force: true });
});

it('sends every photo before any video, and videos at most two to a batch', async () => {
  const embedder = new RecordingEmbedder(services.indexPool);
  const indexer = new Indexer({ ...services, embedder, batchSize: 4 });
  const summary = await indexer.indexFolders([join(root, 'photos')]);
  expect(summary).toMatchObject({ found: 8, indexed: 8, failed: 0 });
  const isVideo = (path: string): boolean => ['.mp4', '.mov', '.mkv'].includes(extname(path));
  const kinds = embedder.batches.map((batch) => batch.map((path) => (isVideo(path) ? 'video' : 'photo')));
  const firstVideoBatch = kinds.findIndex((batch) => batch.includes('video'));
  expect(kinds.slice(0, firstVideoBatch).flat()).toEqual(Array(5).fill('photo'));
  expect(kinds.slice(firstVideoBatch).flat()).toEqual(Array(3).fill('video'));
  expect(Math.max(...kinds.slice(firstVideoBatch).map((batch) => batch.length))).toBeLessThanOrEqual(2);
}, 120_000);
