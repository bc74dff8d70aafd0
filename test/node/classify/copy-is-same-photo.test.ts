/**
 * Classify-and-copy into the default subfolder leaves the copy inside the library folder; the next
 * index run finds it. It has the photo's bytes, so it is the same photo: the grid lists the photo
 * once, search answers it once, and its details name the copy. Real services, the demo model.
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
let folder: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-copy-same-photo-'));
  folder = join(base, 'Pictures');
  await mkdir(folder);
  await writeFile(join(folder, 'red-circle.png'), (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data);
  await writeFile(join(folder, 'blue-square.png'), (await renderShapePhoto({ color: 'blue', shape: 'square', seed: 2, format: 'png' })).data);
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
});

afterAll(async () => {
  await session.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('a copy filed next to its photo', () => {
  it('is recognised as the same photo after the next index run', async () => {
    const { services } = session;
    await services.indexer.indexFolders([folder]);
    await services.classify.defineCategory('colours', { name: 'red' }, 0);
    await services.classify.defineCategory('colours', { name: 'blue' }, 0);
    const original = join(folder, 'red-circle.png');
    const filed = await services.classify.classify({ into: 'colours', files: [original], action: 'copy' });
    const copy = filed.photos[0]?.destination;
    expect(copy).toBe(join(folder, 'red', 'red-circle.png'));

    await services.indexer.indexFolders([folder]);
    expect(services.photos.listPhotoPathsInRoot(services.photos.listRoots()[0]?.id ?? 0)).toHaveLength(3);
    const page = session.browser.page({ offset: 0, limit: 10 });
    expect(page.total).toBe(2);
    expect(page.photos.map((p) => p.path).sort()).toEqual([join(folder, 'blue-square.png'), original]);

    const originalId = page.photos.find((p) => p.path === original)?.id ?? 0;
    expect(session.browser.details(originalId).parts).toEqual([expect.objectContaining({ path: copy, kind: 'copy' })]);
    const hits = (await services.search.search({ text: 'red circle', limit: 10 })).hits.map((h) => h.path);
    expect(hits).toContain(original);
    expect(hits).not.toContain(copy);
  });
});
