/**
 * The same file (the same bytes) in two library folders is one photo: the grid lists it once, search
 * answers it once, and its details list the other location. Removing the folder that holds the one
 * shown brings the other forward. Real services, the demo model, files rendered for the test.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';

let base: string;
let session: AppSession;
let pictures: string;
let backup: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-copies-across-folders-'));
  pictures = join(base, 'Pictures');
  backup = join(base, 'Backup');
  await mkdir(pictures);
  await mkdir(backup);
  const redCircle = (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data;
  await writeFile(join(pictures, 'red-circle.png'), redCircle);
  await writeFile(join(pictures, 'blue-square.png'), (await renderShapePhoto({ color: 'blue', shape: 'square', seed: 2, format: 'png' })).data);
  await writeFile(join(backup, 'IMG_0001.png'), redCircle);
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
});

afterAll(async () => {
  await session.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('one file in two library folders', () => {
  it('is one photo in the grid and in search, with both locations in its details', async () => {
    const { services } = session;
    await services.indexer.indexFolders([pictures]);
    await services.indexer.indexFolders([backup]);
    const original = join(pictures, 'red-circle.png');
    const copy = join(backup, 'IMG_0001.png');

    const page = session.browser.page({ offset: 0, limit: 10 });
    expect(page.photos.map((p) => p.path).sort()).toEqual([join(pictures, 'blue-square.png'), original]);
    expect(page.total).toBe(2);
    // Each folder still lists what it holds.
    expect(session.browser.page({ offset: 0, limit: 10, folder: backup }).photos.map((p) => p.path)).toEqual([copy]);
    expect(session.browser.days({ folder: backup }).reduce((sum, day) => sum + day.count, 0)).toBe(1);
    const originalId = page.photos.find((p) => p.path === original)?.id ?? 0;
    expect(session.browser.details(originalId).parts).toEqual([expect.objectContaining({ path: copy, kind: 'copy' })]);

    const hits = (await services.search.search({ text: 'red circle', limit: 10 })).hits.map((h) => h.path);
    expect(hits.filter((path) => path === original || path === copy)).toEqual([original]);
  });

  it('indexing the first folder again keeps the copy in the other folder a copy', async () => {
    await session.services.indexer.indexFolders([pictures]);
    expect(session.browser.page({ offset: 0, limit: 10 }).total).toBe(2);
  });

  it('shows the other location once the folder of the one shown leaves the library', async () => {
    session.browser.forgetFolder(pictures);
    const page = session.browser.page({ offset: 0, limit: 10 });
    expect(page.photos.map((p) => p.path)).toEqual([join(backup, 'IMG_0001.png')]);
  });
});
