/**
 * Adding a folder that lies inside a library folder: the library already has its photos, so the
 * folder is not added a second time (it would show "0 photos" and an empty view); the answer says
 * which library folder holds it.
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
const photos = (): string => join(base, 'Pictures');

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-nested-folder-'));
  await mkdir(join(photos(), 'Trips', 'Rome'), { recursive: true });
  await writeFile(join(photos(), 'Trips', 'Rome', 'red-circle.png'), (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data);
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
  await session.addFolder(photos());
  await session.indexing.idle();
});

afterAll(async () => {
  await session.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('a folder inside a library folder', () => {
  it('is not added again: the answer names the library folder that already includes it', async () => {
    const inside = join(photos(), 'Trips', 'Rome');
    await expect(session.addFolder(`${inside}/`)).rejects.toMatchObject({
      code: 'inside-library-folder',
      message: `${inside} is already in the library: it is inside ${photos()}.`,
    });
    expect(session.services.photos.listRoots().map((root) => root.path)).toEqual([photos()]);
  });

  it('a folder beside it (same name prefix, not inside) is added', async () => {
    const beside = `${photos()}-old`;
    await mkdir(beside);
    await session.addFolder(beside);
    await session.indexing.idle();
    expect(
      session.services.photos
        .listRoots()
        .map((root) => root.path)
        .sort(),
    ).toEqual([photos(), beside].sort());
  });
});
