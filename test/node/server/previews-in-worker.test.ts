/**
 * Previews of originals a browser cannot draw are decoded in the embed worker process, not in the
 * services process: with the worker running a TIFF's preview is made (and kept in the cache); once the
 * worker has gone, a new preview cannot be made, while one already made is still served from the cache.
 * Real services, the demo model, TIFFs written for the test.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';

let base: string;
let folder: string;
let session: AppSession;

async function tiff(path: string, colour: string): Promise<void> {
  await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .tiff()
    .toFile(path);
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-previews-in-worker-'));
  folder = join(base, 'Scans');
  await mkdir(folder);
  await tiff(join(folder, 'red.tif'), '#ff0000');
  await tiff(join(folder, 'blue.tif'), '#0000ff');
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
  await session.services.indexer.indexFolders([folder]);
});

afterAll(async () => {
  await session.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('previews decoded in the worker', () => {
  it('are made by the embed worker process and kept in the cache', async () => {
    const page = session.browser.page({ offset: 0, limit: 10 });
    const idOf = (name: string): number => page.photos.find((p) => p.path === join(folder, name))?.id ?? 0;
    const preview = await session.files.resolve('preview', idOf('red.tif'));
    expect((await sharp(preview).metadata()).format).toBe('jpeg');

    session.services.worker.kill();
    await expect.poll(() => session.services.worker.alive).toBe(false);
    // Without the worker nothing is decoded any more: the services process does not do it itself.
    await expect(session.files.resolve('preview', idOf('blue.tif'))).rejects.toMatchObject({ code: 'worker-exited' });
    // What the worker made before is still served from the cache.
    expect(await session.files.resolve('preview', idOf('red.tif'))).toBe(preview);
  });
});
