/**
 * Removing a library folder takes its photos' favourites, stars and turns with them; undoing the
 * removal reads the folder again and puts those marks back on the same files (a photo marked again
 * in the meantime keeps its newer marks).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkedPhoto } from '../../../src-common/contract-browse';
import type { HistoryUndoResult } from '../../../src-common/contract-history';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-folder-marks-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('undoing a folder removal', () => {
  it('puts back the favourites, stars and turns its photos had', async () => {
    const folder = join(root, 'marked-folder');
    await mkdir(folder);
    const files = [join(folder, 'red-circle.png'), join(folder, 'blue-star.png'), join(folder, 'green-square.png')];
    const shapes = [
      ['red', 'circle'],
      ['blue', 'star'],
      ['green', 'square'],
    ] as const;
    for (const [i, [color, shape]] of shapes.entries())
      await writeFile(files[i] as string, (await renderShapePhoto({ color, shape, seed: 30 + i, format: 'png' })).data);
    const session = new AppSession(await LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
    try {
      const dispatch = createApiDispatcher(() => Promise.resolve(session));
      const idOf = (path: string): number => session.services.photos.getPhotoByPath(path)?.id ?? 0;
      const marksOf = async (): Promise<Omit<MarkedPhoto, 'photoId'>[]> => {
        const read = await dispatch('getPhotoMarks', files.map(idOf));
        if (!read.ok) throw new Error(read.error.message);
        return (read.value as MarkedPhoto[]).map(({ favourite, rating, rotation }) => ({ favourite, rating, rotation }));
      };
      expect((await dispatch('addFolder', folder)).ok).toBe(true);
      await session.indexing.idle();
      expect((await dispatch('setPhotoMarks', { photos: [idOf(files[0] as string)], favourite: true, rating: 4 })).ok).toBe(true);
      expect((await dispatch('setPhotoMarks', { photos: [idOf(files[1] as string)], rotation: 270 })).ok).toBe(true);
      const marked = await marksOf();

      expect((await dispatch('removeFolder', folder)).ok).toBe(true);
      expect(session.services.photos.getPhotoByPath(files[0] as string)).toBeUndefined();
      const undone = await dispatch('undoHistoryEntry', {});
      if (!undone.ok) throw new Error(undone.error.message);
      expect((undone.value as HistoryUndoResult).sentence).toBe(
        `Put ${folder} back in the library; its photos are being read again, and the favourites, stars and turns of 2 photos come back when that is done.`,
      );
      await session.indexing.idle();
      expect(await marksOf()).toEqual(marked);
      expect(marked[2]).toEqual({ favourite: false, rating: 0, rotation: 0 });
    } finally {
      await session.dispose();
    }
  }, 300_000);
});
