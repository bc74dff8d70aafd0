/**
 * Stars and favourites given through the contract (as the window gives them) show in `lumen history`
 * as one plain line per change, and `lumen undo` gives each photo back its own marks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkedPhoto } from '../../../src-common/contract-browse';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumen } from '../../support/cli-runner';
import { seedPhotos } from '../library/library-fixtures';

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-marks-history-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('marks in lumen history and lumen undo', () => {
  it('lists a starred selection as one line and undo gives each photo back its own stars', async () => {
    const libraryDir = join(root, 'library');
    const session = new AppSession(await LumenServices.open({ libraryDir, indexWorkers: 1 }));
    let ids: number[] = [];
    const ratings = async (): Promise<number[]> => {
      const read = await createApiDispatcher(() => Promise.resolve(session))('getPhotoMarks', ids);
      if (!read.ok) throw new Error(read.error.message);
      return (read.value as MarkedPhoto[]).map((photo) => photo.rating);
    };
    try {
      const dispatch = createApiDispatcher(() => Promise.resolve(session));
      ids = seedPhotos(session.services.db, 3);
      expect((await dispatch('setPhotoMarks', { photos: [ids[0] ?? 0], rating: 1 })).ok).toBe(true);
      expect((await dispatch('setPhotoMarks', { photos: ids, rating: 5 })).ok).toBe(true);
      expect((await dispatch('setPhotoMarks', { photos: [ids[2] ?? 0], favourite: true })).ok).toBe(true);
      expect(await ratings()).toEqual([5, 5, 5]);
    } finally {
      await session.dispose();
    }

    const listed = await lumen('history', '--library', libraryDir);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\s*3 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}Marked 1 photo as a favourite\.$/);
    expect(lines[1]).toMatch(/^\s*2 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}Rated 3 photos 5 stars\.$/);
    // Its photo was starred again by the change after it, which has to be undone first.
    expect(lines[2]).toMatch(/Rated 1 photo 1 star\. {2}\(cannot be undone: the photo was marked differently since\)$/);

    expect((await lumen('undo', '--library', libraryDir)).stdout).toBe(
      'Undid: Marked 1 photo as a favourite.\nGave 1 photo back the favourite mark it had before.\n',
    );
    expect((await lumen('undo', '--library', libraryDir)).stdout).toBe('Undid: Rated 3 photos 5 stars.\nGave 3 photos back the stars they had before.\n');
    const reopened = new AppSession(await LumenServices.open({ libraryDir, indexWorkers: 1 }));
    try {
      const read = await createApiDispatcher(() => Promise.resolve(reopened))('getPhotoMarks', ids);
      if (!read.ok) throw new Error(read.error.message);
      expect((read.value as MarkedPhoto[]).map(({ rating, favourite }) => ({ rating, favourite }))).toEqual([
        { rating: 1, favourite: false },
        { rating: 0, favourite: false },
        { rating: 0, favourite: false },
      ]);
    } finally {
      await reopened.dispose();
    }
    const after = (await lumen('history', '--library', libraryDir)).stdout;
    expect(after).toMatch(/Rated 3 photos 5 stars\. {2}\(undone\)\n/);
    expect(after).toMatch(/Rated 1 photo 1 star\.\n/);
  }, 300_000);
});
