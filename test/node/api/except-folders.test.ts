/**
 * While a folder's removal can still be undone, the window asks the grid's pages, the date headings
 * and search to leave out its photos: the library still has them (Undo loses nothing), but they are
 * not shown. Real services, the demo model, photos rendered for the test.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';

let base: string;
let session: AppSession;
let trips: string;
let shapes: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-except-folders-'));
  trips = join(base, 'Trips');
  shapes = join(base, 'Shapes');
  await mkdir(trips);
  await mkdir(shapes);
  await writeFile(join(trips, 'red-circle.png'), (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data);
  await writeFile(join(shapes, 'red-square.png'), (await renderShapePhoto({ color: 'red', shape: 'square', seed: 2, format: 'png' })).data);
  await writeFile(join(shapes, 'blue-star.png'), (await renderShapePhoto({ color: 'blue', shape: 'star', seed: 3, format: 'png' })).data);
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
  await session.services.indexer.indexFolders([trips, shapes]);
});

afterAll(async () => {
  await session.dispose();
  await rm(base, { recursive: true, force: true });
});

const call = async (method: string, arg: unknown): Promise<unknown> => {
  const result = await createApiDispatcher(() => Promise.resolve(session))(method, arg, new CancellationTokenSource().token);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('leaving out a folder whose removal can be undone', () => {
  it('lists and counts the other folders’ photos only, through the contract', async () => {
    const page = (await call('listPhotos', { offset: 0, limit: 10, exceptFolders: [shapes] })) as { total: number; photos: Array<{ path: string }> };
    expect(page.total).toBe(1);
    expect(page.photos.map((p) => p.path)).toEqual([join(trips, 'red-circle.png')]);
    const days = (await call('listPhotoDays', { exceptFolders: [shapes] })) as Array<{ count: number }>;
    expect(days.reduce((sum, day) => sum + day.count, 0)).toBe(1);
    const all = (await call('listPhotos', { offset: 0, limit: 10 })) as { total: number };
    expect(all.total).toBe(3);
  });

  it('leaves its photos out of search', async () => {
    const hits = (await call('search', { text: 'red', limit: 10, filters: { exceptFolders: [shapes] } })) as { hits: Array<{ path: string }> };
    expect(hits.hits.map((hit) => hit.path)).toEqual([join(trips, 'red-circle.png')]);
  });
});
