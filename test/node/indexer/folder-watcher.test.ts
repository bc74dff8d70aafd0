/** New, changed and deleted photos are picked up while watching, by notifications or by polling. */
import { copyFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWatcher } from '../../../src-main/node/indexer/folder-watcher';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

let services: LumenServices;

beforeAll(async () => {
  services = await openLibrary(await tempDir('watch-lib'), 1);
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

/** Waits until the condition holds; the deadline only stops a broken watcher from hanging the suite. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each([
  ['change notifications', {}],
  ['polling', { pollIntervalMs: 300 }],
] as const)('watching with %s', (_label, mode) => {
  it('indexes added photos and removes deleted ones, in debounced runs', async () => {
    const dir = await tempDir('watched');
    await writeShapePhotos(dir, 2, 61);
    await services.indexer.indexFolders([dir]);
    const root = services.photos.listRoots().find((r) => r.path === dir);
    const count = (): number => services.photos.countPhotos(root?.id);
    expect(count()).toBe(2);
    let runs = 0;
    const watcher = FolderWatcher.start([dir], {
      ...mode,
      debounceMs: 500,
      reindex: async (folder) => {
        runs++;
        await services.indexer.indexFolders([folder]);
      },
    });
    try {
      // Rendered elsewhere and copied in one burst: a debounced watcher re-indexes once or twice, not five times.
      const staging = await tempDir('staging');
      const rendered = await writeShapePhotos(staging, 5, 62, 'added');
      const added = rendered.map((path) => join(dir, basename(path)));
      const runsBefore = runs;
      await Promise.all(rendered.map((path, i) => copyFile(path, added[i] as string)));
      await eventually(() => count() === 7, 'five new photos indexed');
      if (!('pollIntervalMs' in mode)) expect(runs - runsBefore).toBeLessThanOrEqual(2);
      await rm(added[0] as string);
      await eventually(() => count() === 6, 'a deleted photo removed');
    } finally {
      await watcher.close();
    }
  });
});
