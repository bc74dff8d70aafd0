/**
 * The library folder deleted (or moved, or replaced) while `lumen serve` or the app has it open:
 * SQLite keeps writing to the unlinked file, so every change would answer ok and vanish. Through
 * the window's real dispatcher, writes fail instead with a sentence that says what happened.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { tempDir, writeShapePhotos } from '../indexer/indexer-fixtures';

let session: ReturnType<typeof lazySession> | undefined;

async function openDispatcher(library: string): Promise<ApiDispatcher> {
  session = lazySession(() => LumenServices.open({ libraryDir: library, indexWorkers: 1 }));
  const dispatch = createApiDispatcher(session);
  expect(await dispatch('addTag', { name: 'beach' })).toMatchObject({ ok: true });
  return dispatch;
}

afterEach(async () => {
  await session?.dispose();
  session = undefined;
});

function expectLibraryGone(result: Result<unknown>, library: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('library-gone');
  expect(result.error.message).toContain(library);
  expect(result.error.message).toMatch(/deleted or moved while Lumen was using it/);
}

describe('a library folder that goes away while it is open', () => {
  it('refuses writes once the folder is deleted, instead of answering ok', async () => {
    const library = join(await tempDir('gone'), 'library');
    const dispatch = await openDispatcher(library);
    await rm(library, { recursive: true, force: true });

    expectLibraryGone(await dispatch('addTag', { name: 'sunset' }), library);
    // A folder added then is refused before any indexing run starts (its addition could not be recorded either).
    const photos = await tempDir('gone-photos');
    await writeShapePhotos(photos, 2);
    expectLibraryGone(await dispatch('addFolder', photos), library);
    await (await (session as ReturnType<typeof lazySession>)()).indexing.idle();
    const indexing = await dispatch('getIndexing', undefined);
    expect(indexing).toMatchObject({ ok: true, value: { current: null, queued: [] } });
  });

  it('refuses writes when the folder was moved away, or replaced by another one', async () => {
    const base = await tempDir('moved');
    const library = join(base, 'library');
    const dispatch = await openDispatcher(library);
    await rename(library, join(base, 'elsewhere'));
    expectLibraryGone(await dispatch('addTag', { name: 'sunset' }), library);
    await mkdir(library);
    expectLibraryGone(await dispatch('addTag', { name: 'sunset' }), library);
  });
});
