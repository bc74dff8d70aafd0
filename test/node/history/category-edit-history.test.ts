/**
 * An edit of a category (its name, words or folder) is in the history: undo puts it back as it was,
 * through the contract's one dispatcher, and an edit that can no longer be undone says why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategorySetSummary } from '../../../src-common/contract';
import type { HistoryEntry, HistoryUndoResult } from '../../../src-common/contract-history';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';

let root = '';
let session: AppSession;
let dispatch: ReturnType<typeof createApiDispatcher>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-category-history-'));
  session = new AppSession(await LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
  dispatch = createApiDispatcher(() => Promise.resolve(session));
}, 120_000);

afterAll(async () => {
  await session.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

async function call<T>(method: Parameters<typeof dispatch>[0], argument: unknown): Promise<T> {
  const answer = await dispatch(method, argument);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as T;
}

const beach = async (): Promise<unknown> => {
  const sets = await call<CategorySetSummary[]>('listCategorySets', undefined);
  return sets.find((set) => set.name === 'trips')?.categories.map(({ name, descriptions, folder }) => ({ name, descriptions, folder }));
};

describe('category edits in the history', () => {
  it('records a rename and an edit of words and folder, and undo puts each back as it was', async () => {
    await call('addCategory', { set: 'trips', name: 'beach', descriptions: ['sand and sea'] });
    await call('addCategory', { set: 'trips', name: 'hills' });
    const original = await beach();
    await call('editCategory', { set: 'trips', name: 'beach', newName: 'coast' });
    await call('editCategory', { set: 'trips', name: 'coast', descriptions: ['waves'], folder: join(root, 'Coast') });
    const [edit, rename] = await call<HistoryEntry[]>('listHistory', undefined);
    expect(edit).toMatchObject({ kind: 'category-edit', description: 'Edited the category “coast” (trips).' });
    expect(rename).toMatchObject({ kind: 'category-edit', description: 'Renamed the category “beach” (trips) to “coast”.' });
    // The rename cannot be undone before the edit after it.
    expect(rename?.cannotUndo).toBe('the category was edited again since');

    expect((await call<HistoryUndoResult>('undoHistoryEntry', {})).sentence).toBe('Put the category “coast” (trips) back as it was.');
    expect((await call<HistoryUndoResult>('undoHistoryEntry', {})).sentence).toBe('Put the category “beach” (trips) back as it was.');
    expect(await beach()).toEqual(original);
  });

  it('refuses with the reason once the old name is taken or the category is gone', async () => {
    await call('editCategory', { set: 'trips', name: 'hills', newName: 'mountains' });
    await call('addCategory', { set: 'trips', name: 'hills' });
    await expect(dispatch('undoHistoryEntry', {})).resolves.toMatchObject({
      ok: false,
      error: {
        code: 'cannot-undo',
        message: '“Renamed the category “hills” (trips) to “mountains”.” can no longer be undone: another category of its set is called “hills” now.',
      },
    });
    await call('deleteCategory', { set: 'trips', name: 'mountains' });
    const [rename] = await call<HistoryEntry[]>('listHistory', undefined);
    expect(rename?.cannotUndo).toBe('the category “mountains” was deleted since');
  });
});
