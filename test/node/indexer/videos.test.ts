/**
 * Videos end to end: made with ffmpeg from shapes-world scenes, indexed by real workers with the demo
 * model, a vector per keyframe; search ranks a video by its best frame and names that moment.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { VideoRepository } from '../../../src-main/node/library/video-repository';
import type { SearchResponse } from '../../../src-common/contract';
import { lumen } from '../../support/cli-runner';
import { writeSceneVideo } from '../../support/video-fixtures';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

describe('videos', () => {
  let root: string;
  let folder: string;
  let services: LumenServices;

  beforeAll(async () => {
    root = await tempDir('videos');
    folder = join(root, 'photos');
    await mkdir(folder);
    await writeShapePhotos(folder, 4);
    await writeSceneVideo(
      folder,
      'red-then-blue.mp4',
      [
        { color: 'red', shape: 'circle', seconds: 4 },
        { color: 'blue', shape: 'square', seconds: 4 },
      ],
      { metadata: { creation_time: '2021-07-04T10:20:30Z', location: '+38.7223-009.1393+012.000/' } },
    );
    await writeSceneVideo(folder, 'held-upright.mov', [{ color: 'green', shape: 'triangle', seconds: 2 }], { rotate: 90 });
    await writeFile(join(folder, 'broken.mp4'), Buffer.from('not a video at all, just text with a video name'));
    services = await openLibrary(join(root, 'library'), 1);
  }, 120_000);

  afterAll(async () => {
    await services?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('indexes each video as one item with a vector per keyframe, after the photos, and a clear error for a broken one', async () => {
    const summary = await services.indexer.indexFolders([folder]);
    expect(summary).toMatchObject({ found: 7, indexed: 6, failed: 1 });
    const broken = services.photos.getError(join(folder, 'broken.mp4'));
    expect(broken?.reason).toMatch(/^video is damaged or not a video this decoder reads/);
    const clip = services.photos.getPhotoByPath(join(folder, 'red-then-blue.mp4'));
    expect(clip).toMatchObject({
      format: 'mp4',
      width: 240,
      height: 180,
      takenAt: '2021-07-04T10:20:30.000Z',
      latitude: 38.7223,
      longitude: -9.1393,
      placeCity: 'Lisbon',
    });
    const videos = new VideoRepository(services.db);
    expect(videos.getVideo(clip?.id ?? -1)).toMatchObject({
      durationMs: 8000,
      rotation: 0,
      codec: 'h264',
      latitude: 38.7223,
      longitude: -9.1393,
      altitude: 12,
    });
    const frames = [...videos.iterateFrames(services.towerRowId)].filter((f) => f.photoId === clip?.id).map((f) => f.timeMs);
    expect(frames).toEqual([1000, 3000, 5000, 7000]);
    // Upright size: the container says to turn the 240×180 picture a quarter.
    const upright = services.photos.getPhotoByPath(join(folder, 'held-upright.mov'));
    expect(upright).toMatchObject({ format: 'mov', width: 180, height: 240 });
    expect((videos.getVideo(upright?.id ?? -1)?.rotation ?? 0) % 180).toBe(90);
  }, 240_000);

  it('finds the moment that matches: the red scene in the first half, the blue one in the second', async () => {
    const red = await services.search.search({ text: 'red circle', limit: 10, filters: { fileTypes: ['mp4'] } });
    expect(red.hits.map((h) => h.path)).toEqual([join(folder, 'red-then-blue.mp4')]);
    expect(red.hits[0]?.video).toEqual({ atMs: expect.any(Number) as number, durationMs: 8000 });
    expect(red.hits[0]?.video?.atMs).toBeLessThan(4000);
    const blue = await services.search.search({ text: 'blue square', limit: 10, filters: { fileTypes: ['mp4'] } });
    expect(blue.hits[0]?.video?.atMs).toBeGreaterThan(4000);
    expect(blue.hits[0]?.score).toBeGreaterThan(red.hits[0]?.score === undefined ? 1 : -1);
    // Unfiltered, a photo hit carries no moment and the video's does.
    const all = await services.search.search({ text: 'blue square', limit: 20 });
    const clipHit = all.hits.find((h) => h.path.endsWith('red-then-blue.mp4'));
    expect(clipHit?.video?.atMs).toBeGreaterThan(4000);
    expect(all.hits.filter((h) => h.path.endsWith('.jpg') || h.path.endsWith('.png')).every((h) => h.video === undefined)).toBe(true);
  }, 60_000);

  it('names the moment in lumen search, in words and in --json', async () => {
    const library = join(root, 'library');
    const run = await lumen('search', 'blue square', '--type', 'mp4', '--library', library);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/red-then-blue\.mp4 {2}\(video, at 0:0[57][,)]/);
    const json = JSON.parse((await lumen('search', 'blue square', '--type', 'mp4', '--library', library, '--json')).stdout) as SearchResponse;
    expect(json.hits[0]?.video).toEqual({ atMs: expect.any(Number) as number, durationMs: 8000 });
  }, 60_000);

  it('leaves unchanged videos alone on the next run', async () => {
    const summary = await services.indexer.indexFolders([folder]);
    expect(summary).toMatchObject({ found: 7, indexed: 0, unchanged: 7 });
  }, 120_000);
});
