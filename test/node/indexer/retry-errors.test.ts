/**
 * A file that failed stays skipped while unchanged; `--retry-errors` (IndexRunOptions.retryErrors)
 * tries it again anyway, for failures that were the drive's or the system's fault rather than the
 * file's. The "fixed" file keeps the size and mtime of the failed one, so only the option can pick it up.
 */
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IndexingState } from '../../../src-common/contract-app';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

let services: LumenServices | undefined;
let session: AppSession | undefined;
const cleanups: string[] = [];

afterAll(async () => {
  await session?.dispose();
  await services?.dispose();
  await Promise.all(cleanups.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('retrying failed files', () => {
  it('skips an unchanged failed file, and indexes it again with retryErrors once it reads', async () => {
    const photos = await tempDir('retry-photos');
    const library = await tempDir('retry-lib');
    cleanups.push(photos, library);
    const [good] = await writeShapePhotos(photos, 2, 11);
    const goodBytes = await readFile(good as string);
    // Same size as a real photo, unreadable: what a flaky drive can hand back.
    const flaky = join(photos, 'flaky.jpg');
    await writeFile(flaky, Buffer.alloc(goodBytes.length, 0x5a));
    // A whole second, so setting it again later restores it exactly (a Date holds milliseconds only).
    const mtime = new Date(Date.UTC(2024, 5, 1, 12, 0, 0));
    await utimes(flaky, mtime, mtime);

    services = await openLibrary(library);
    const first = await services.indexer.indexFolders([photos]);
    expect(first).toMatchObject({ indexed: 2, failed: 1 });
    expect(services.photos.listErrors().map((e) => e.path)).toEqual([flaky]);

    // The drive recovers: the real bytes, with the size and mtime the failure recorded.
    await writeFile(flaky, goodBytes);
    await utimes(flaky, mtime, mtime);
    expect((await stat(flaky)).mtimeMs).toBe(mtime.getTime());

    const plain = await services.indexer.indexFolders([photos]);
    expect(plain).toMatchObject({ indexed: 0, unchanged: 3, failed: 0 });
    expect(services.photos.countErrors()).toBe(1);

    const retried = await services.indexer.indexFolders([photos], { retryErrors: true });
    // Its content equals the good photo's, so its vector is reused rather than computed again.
    expect(retried.indexed + retried.reused).toBe(1);
    expect(retried).toMatchObject({ unchanged: 2, failed: 0 });
    expect(services.photos.countErrors()).toBe(0);
    expect(services.photos.countPhotos()).toBe(3);
  });

  it('retries them from the window: retryFailedFiles, through the contract dispatcher', async () => {
    const photos = await tempDir('retry-window-photos');
    const library = await tempDir('retry-window-lib');
    cleanups.push(photos, library);
    const [good] = await writeShapePhotos(photos, 1, 12);
    const goodBytes = await readFile(good as string);
    const flaky = join(photos, 'flaky.png');
    await writeFile(flaky, Buffer.alloc(goodBytes.length, 0x33));
    const mtime = new Date(Date.UTC(2024, 6, 1, 8, 0, 0));
    await utimes(flaky, mtime, mtime);

    session = new AppSession(await openLibrary(library));
    const dispatch = createApiDispatcher(() => Promise.resolve(session as AppSession));
    expect((await dispatch('addFolder', photos)).ok).toBe(true);
    await session.indexing.idle();
    expect(session.services.photos.countErrors()).toBe(1);

    await writeFile(flaky, goodBytes);
    await utimes(flaky, mtime, mtime);
    expect((await dispatch('reindexAll', undefined)).ok).toBe(true);
    await session.indexing.idle();
    expect(session.services.photos.countErrors()).toBe(1);

    const retried = await dispatch('retryFailedFiles', undefined);
    expect(retried.ok).toBe(true);
    await session.indexing.idle();
    const state = (await dispatch('getIndexing', undefined)) as { ok: true; value: IndexingState };
    expect(state.value.lastSummary).toMatchObject({ failed: 0, unchanged: 1 });
    expect(session.services.photos.countErrors()).toBe(0);
    expect(session.services.photos.countPhotos()).toBe(2);
    expect((await dispatch('retryFailedFiles', 'now')).ok).toBe(false);
  });

  it('reads --retry-errors on the command line', () => {
    expect(parseCommandLine(['index', '/photos', '--retry-errors']).retryErrors).toBe(true);
    expect(parseCommandLine(['index', '/photos']).retryErrors).toBe(false);
  });
});
