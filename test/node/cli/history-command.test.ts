/**
 * The history through the contract's one dispatcher and the command line, over a real library:
 * a folder added from the window is taken out again by undo, `lumen history` lists tag changes
 * newest first, and `lumen undo` takes back the newest (or the one named by its id).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryUndoResult } from '../../../src-common/contract-history';
import type { TagSummary } from '../../../src-common/contract';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumen, lumenJson } from '../../support/cli-runner';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';

let root = '';
let libraryDir = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-history-'));
  libraryDir = join(root, 'library');
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('history through the contract', () => {
  it('records a folder added from the window, tells listeners, and undo takes it out of the library', async () => {
    const folder = join(root, 'empty-folder');
    await mkdir(folder);
    const session = new AppSession(await LumenServices.open({ libraryDir, indexWorkers: 1 }));
    try {
      const dispatch = createApiDispatcher(() => Promise.resolve(session));
      const heard: string[] = [];
      session.events.listen('historyChanged', ({ reason }) => heard.push(reason));
      expect((await dispatch('addFolder', folder)).ok).toBe(true);
      await session.indexing.idle();
      const listed = await dispatch('listHistory', undefined);
      if (!listed.ok) throw new Error(listed.error.message);
      const entries = listed.value as HistoryEntry[];
      expect(entries[0]).toMatchObject({ kind: 'folder-add', description: `Added the folder ${folder} to the library.`, undoneAt: null });

      const undone = await dispatch('undoHistoryEntry', { id: entries[0]?.id });
      if (!undone.ok) throw new Error(undone.error.message);
      expect((undone.value as HistoryUndoResult).sentence).toBe(`Took ${folder} out of the library again.`);
      expect(session.services.photos.listRoots().map((r) => r.path)).not.toContain(folder);
      expect(heard).toEqual(['recorded', 'undone']);

      const refused = await dispatch('undoHistoryEntry', { id: 'one' });
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'bad-argument', message: 'id must be a positive integer' });
    } finally {
      await session.dispose();
    }
  }, 300_000);
});

describe('undoing a folder removal', () => {
  it('adds the folder back, reads its photos again and puts back their tag decisions', async () => {
    const folder = join(root, 'tagged-folder');
    await mkdir(folder);
    const photos = [join(folder, 'red-circle.png'), join(folder, 'blue-star.png')];
    await writeFile(photos[0] as string, (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data);
    await writeFile(photos[1] as string, (await renderShapePhoto({ color: 'blue', shape: 'star', seed: 2, format: 'png' })).data);
    const session = new AppSession(await LumenServices.open({ libraryDir, indexWorkers: 1 }));
    try {
      const dispatch = createApiDispatcher(() => Promise.resolve(session));
      const idOf = (path: string): number => session.services.photos.getPhotoByPath(path)?.id ?? 0;
      const tagsOf = async (path: string): Promise<unknown> => {
        const answer = await dispatch('getPhotoTags', idOf(path));
        return answer.ok ? answer.value : answer.error;
      };
      expect((await dispatch('addFolder', folder)).ok).toBe(true);
      await session.indexing.idle();
      expect((await dispatch('addTag', { name: 'round' })).ok).toBe(true);
      expect((await dispatch('tagPhotos', { tag: 'round', photos: [idOf(photos[0] as string)] })).ok).toBe(true);
      expect(await tagsOf(photos[0] as string)).toEqual(['round']);

      expect((await dispatch('removeFolder', folder)).ok).toBe(true);
      expect(session.services.photos.getPhotoByPath(photos[0] as string)).toBeUndefined();
      const undone = await dispatch('undoHistoryEntry', {});
      if (!undone.ok) throw new Error(undone.error.message);
      expect((undone.value as HistoryUndoResult).sentence).toBe(
        `Put ${folder} back in the library; its photos are being read again, and their 1 tag decision comes back when that is done.`,
      );
      await session.indexing.idle();
      expect(await tagsOf(photos[0] as string)).toEqual(['round']);
      expect(await tagsOf(photos[1] as string)).toEqual([]);
    } finally {
      await session.dispose();
    }
  }, 300_000);
});

describe('lumen history and lumen undo', () => {
  it('lists tag changes newest first and undoes the newest, then the one named by id', async () => {
    await lumenJson('tag', 'add', 'sea', '--library', libraryDir);
    await lumenJson('tag', 'rename', 'sea', 'ocean', '--library', libraryDir);
    await lumenJson('tag', 'delete', 'ocean', '--library', libraryDir);

    const listed = await lumen('history', '--library', libraryDir);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/Deleted the tag “ocean”\.$/);
    expect(lines[1]).toMatch(/Renamed the tag “sea” to “ocean”\. {2}\(cannot be undone: the tag “ocean” was deleted since\)$/);
    expect(lines.some((line) => /Added the folder .*empty-folder to the library\. {2}\(undone\)$/.test(line))).toBe(true);

    const undone = await lumen('undo', '--library', libraryDir);
    expect(undone.stdout).toBe('Undid: Deleted the tag “ocean”.\nBrought back the tag “ocean”.\n');
    const { entries } = await lumenJson<{ entries: HistoryEntry[] }>('history', '--library', libraryDir);
    const rename = entries.find((entry) => entry.kind === 'tag-rename');
    const byId = await lumenJson<HistoryUndoResult>('undo', String(rename?.id), '--library', libraryDir);
    expect(byId.sentence).toBe('Renamed the tag “ocean” back to “sea”.');
    const { tags } = await lumenJson<{ tags: TagSummary[] }>('tag', 'list', '--library', libraryDir);
    expect(tags.map((tag) => tag.name)).toEqual(['round', 'sea']);

    const again = await lumen('undo', String(rename?.id), '--library', libraryDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was undone already/);
    const usage = await lumen('undo', 'latest', '--library', libraryDir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: lumen undo \[id\]/);
  }, 300_000);
});

describe('undoing a move of duplicates out of the library', () => {
  it('puts the file back and reads its folder again, so the photo is back in the library whichever Undo took it back', async () => {
    const folder = join(root, 'with-a-copy');
    const setAside = join(root, 'set-aside');
    await mkdir(join(folder, 'backup'), { recursive: true });
    const bytes = (await renderShapePhoto({ color: 'green', shape: 'square', seed: 3, format: 'png' })).data;
    const copy = join(folder, 'backup', 'green-square.png');
    await writeFile(join(folder, 'green-square.png'), bytes);
    await writeFile(copy, bytes);
    const session = new AppSession(await LumenServices.open({ libraryDir, indexWorkers: 1 }));
    try {
      const dispatch = createApiDispatcher(() => Promise.resolve(session));
      expect((await dispatch('addFolder', folder)).ok).toBe(true);
      await session.indexing.idle();
      const copyId = session.services.photos.getPhotoByPath(copy)?.id ?? 0;
      const moved = await dispatch('moveDuplicates', { photos: [copyId], folder: setAside });
      expect(moved.ok).toBe(true);
      expect(session.services.photos.getPhotoByPath(copy)).toBeFalsy();

      // Ctrl+Z: the newest change, through the history rather than the view's own Undo.
      const undone = await dispatch('undoHistoryEntry', {});
      if (!undone.ok) throw new Error(undone.error.message);
      expect((undone.value as HistoryUndoResult).files?.restored).toEqual([expect.objectContaining({ to: copy })]);
      await session.indexing.idle();
      expect(session.services.photos.getPhotoByPath(copy)).toBeTruthy();
    } finally {
      await session.dispose();
    }
  }, 300_000);
});
