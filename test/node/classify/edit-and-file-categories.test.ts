/**
 * Editing what tags and categories mean, deleting a category, browsing a category's photos and
 * filing photos into a category by hand. Real services on a real library, the demo model.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';

let base: string;
let session: AppSession;
let folder: string;
const photo = (name: string): string => join(folder, name);

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-edit-file-categories-'));
  folder = join(base, 'Pictures');
  await mkdir(folder);
  const shapes = [
    ['red-circle.png', 'red', 'circle', 1],
    ['blue-square.png', 'blue', 'square', 2],
    ['green-triangle.png', 'green', 'triangle', 3],
  ] as const;
  for (const [name, color, shape, seed] of shapes) await writeFile(photo(name), (await renderShapePhoto({ color, shape, seed, format: 'png' })).data);
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
  await session.services.indexer.indexFolders([folder]);
});

afterAll(async () => {
  await session.dispose();
  await rm(base, { recursive: true, force: true });
});

const listed = (set: string, name: string): string[] =>
  session.browser
    .page({ offset: 0, limit: 50, category: { set, name } })
    .photos.map((p) => p.path)
    .sort();

describe("a tag's descriptions", () => {
  it('are replaced as a whole, and its scores come from the new words', async () => {
    const { tags, photos } = session.services;
    tags.addTag('warm', ['a red circle']);
    const ids = photos.listPhotoPathsInRoot(photos.listRoots()[0]?.id ?? 0).map((p) => p.id);
    const before = await tags.probabilities('warm', ids, { textOnly: true });
    const described = tags.describe('warm', [' a green triangle ', 'a green triangle']);
    expect(described.descriptions).toEqual(['a green triangle']);
    expect(tags.listTags().find((t) => t.name === 'warm')?.descriptions).toEqual(['a green triangle']);
    const after = await tags.probabilities('warm', ids, { textOnly: true });
    expect([...after.values()]).not.toEqual([...before.values()]);
    expect(tags.describe('warm', []).descriptions).toEqual([]);
    expect(() => tags.describe('no such tag', ['x'])).toThrow(/no tag named "no such tag"/);
  });
});

describe('a category', () => {
  it('changes its name, descriptions and folder, and refuses a name taken or a folder that is a file', async () => {
    const { classify } = session.services;
    await classify.defineCategory('kinds', { name: 'circle', descriptions: ['round'] }, 0);
    await classify.defineCategory('kinds', { name: 'square' }, 0);
    const sorted = join(base, 'Sorted', 'rings');
    const set = await classify.editCategory('kinds', 'circle', { name: 'ring', descriptions: ['a round shape'], folder: sorted });
    expect(set.categories.find((c) => c.name === 'ring')).toEqual({ name: 'ring', descriptions: ['a round shape'], examples: 0, folder: sorted, photos: 0 });
    expect(set.categories.map((c) => c.name)).toEqual(['ring', 'square']);
    expect((await classify.editCategory('kinds', 'RING', { folder: null })).categories[0]?.folder).toBeNull();
    await expect(classify.editCategory('kinds', 'ring', { name: 'Square' })).rejects.toThrow(/already has a category named "Square"/);
    await expect(classify.editCategory('kinds', 'ring', { name: '../up' })).rejects.toThrow(/cannot be a folder name/);
    await expect(classify.editCategory('kinds', 'ring', { folder: photo('red-circle.png') })).rejects.toThrow(/is a file, not a folder/);
    await expect(classify.editCategory('kinds', 'oval', { descriptions: [] })).rejects.toThrow(/has no category named "oval"/);
  });

  it('is deleted with its filings; its files stay; the set goes with its last category', async () => {
    const { classify } = session.services;
    await classify.defineCategory('throwaway', { name: 'a' }, 0);
    await classify.defineCategory('throwaway', { name: 'b' }, 0);
    expect(
      classify
        .deleteCategory('throwaway', 'a')
        .find((s) => s.name === 'throwaway')
        ?.categories.map((c) => c.name),
    ).toEqual(['b']);
    expect(classify.deleteCategory('throwaway', 'b').some((s) => s.name === 'throwaway')).toBe(false);
    expect(() => classify.deleteCategory('throwaway', 'b')).toThrow(/no category set named "throwaway"/);
  });
});

describe('filing photos into a category by hand', () => {
  it('copies each photo into the category folder, lists them under the category with their count, and undo takes the filing back', async () => {
    const { classify, undo } = session.services;
    await classify.defineCategory('albums', { name: 'keep' }, 0);
    await classify.defineCategory('albums', { name: 'later' }, 0);
    const gone = photo('not-there.png');
    const filed = await classify.fileInto({
      set: 'albums',
      category: 'keep',
      files: [photo('red-circle.png'), gone, photo('blue-square.png')],
      action: 'copy',
    });
    expect(filed.photos.map((p) => [p.path, p.outcome, p.destination])).toEqual([
      [photo('red-circle.png'), 'keep', join(folder, 'keep', 'red-circle.png')],
      [gone, 'keep', null],
      [photo('blue-square.png'), 'keep', join(folder, 'keep', 'blue-square.png')],
    ]);
    expect(filed.photos[1]?.error).toBeTruthy();
    expect(filed.batchId).not.toBeNull();
    expect(existsSync(join(folder, 'keep', 'red-circle.png'))).toBe(true);
    expect(listed('albums', 'keep')).toEqual([photo('blue-square.png'), photo('red-circle.png')]);
    expect(listed('albums', 'later')).toEqual([]);
    expect(session.browser.days({ category: { set: 'albums', name: 'keep' } }).reduce((n, d) => n + d.count, 0)).toBe(2);
    expect(
      classify
        .listSets()
        .find((s) => s.name === 'albums')
        ?.categories.find((c) => c.name === 'keep')?.photos,
    ).toBe(2);

    await undo.undoLast();
    expect(existsSync(join(folder, 'keep', 'red-circle.png'))).toBe(false);
    expect(listed('albums', 'keep')).toEqual([]);
    expect(
      classify
        .listSets()
        .find((s) => s.name === 'albums')
        ?.categories.find((c) => c.name === 'keep')?.photos,
    ).toBe(0);
  });

  it('moves a photo into the category: it stays the same library photo after the next index run, still listed under the category', async () => {
    const { classify, indexer } = session.services;
    const target = join(base, 'Pictures', 'Picked');
    await classify.defineCategory('albums', { name: 'picked', folder: target }, 0);
    const filed = await classify.fileInto({ set: 'albums', category: 'picked', files: [photo('green-triangle.png')], action: 'move' });
    expect(filed.photos[0]?.destination).toBe(join(target, 'green-triangle.png'));
    expect(existsSync(photo('green-triangle.png'))).toBe(false);
    await indexer.indexFolders([folder]);
    expect(listed('albums', 'picked')).toEqual([join(target, 'green-triangle.png')]);
  });

  it('refuses a category the set does not have', async () => {
    await expect(session.services.classify.fileInto({ set: 'albums', category: 'nope', files: [photo('red-circle.png')], action: 'copy' })).rejects.toThrow(
      /has no category named "nope"/,
    );
  });
});

describe('classify with copy', () => {
  it('records the photos it filed, so each category lists its own', async () => {
    const { classify } = session.services;
    await classify.defineCategory('colours', { name: 'red' }, 0);
    await classify.defineCategory('colours', { name: 'blue' }, 0);
    const response = await classify.classify({ into: 'colours', files: [photo('red-circle.png'), photo('blue-square.png')], action: 'copy' });
    expect(response.photos.map((p) => p.outcome)).toEqual(['red', 'blue']);
    expect(listed('colours', 'red')).toEqual([photo('red-circle.png')]);
    expect(listed('colours', 'blue')).toEqual([photo('blue-square.png')]);
  });
});
