/**
 * What classify does with awkward input, through the real command line and services (demo model):
 * category names that would escape their folder, a category folder that is a file, a photo already
 * in its category's folder, a file listed twice, and a photo changed since it was indexed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassifyResponse } from '../../../src-common/contract';
import { validateArgument } from '../../../src-common/validated-dispatcher';
import { CategoryRepository } from '../../../src-main/node/classify/category-repository';
import { vectorsForFiles } from '../../../src-main/node/classify/photo-vectors';
import { resolveExampleVectors } from '../../../src-main/node/search/example-vectors';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumen, lumenJson } from '../../support/cli-runner';
import { renderShapePhoto, type Color, type Shape } from '../../support/independent-shapes-renderer';
import { cosine } from '../library/library-fixtures';

let root: string;
let libraryDir: string;

const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function photo(path: string, color: Color, shape: Shape, seed = 1): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, (await renderShapePhoto({ color, shape, seed, format: 'png' })).data);
  return path;
}

const classify = (files: string[], ...flags: string[]) =>
  lumenJson<ClassifyResponse>('classify', ...files, '--into', 'colours', ...flags, '--library', libraryDir);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-classify-outcomes-'));
  libraryDir = join(root, 'library');
  await lumenJson('category', 'add', 'colours', 'red', '--folder', join(root, 'sorted', 'red'), '--unsure-below', '0', '--library', libraryDir);
  await lumenJson('category', 'add', 'colours', 'blue', '--library', libraryDir);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('category names that become folder names', () => {
  const refused = [
    '../../../x',
    '..',
    '.',
    'a/b',
    '/',
    'a\\b',
    'CON',
    'nul.txt',
    'Lpt9',
    'com1',
    'what?',
    'a:b',
    'star*',
    '<tag>',
    'pipe|',
    'quote"',
    'dots...',
    'tab\there',
    'bell\u0007',
  ];

  it('the window’s API refuses separators, dot names, reserved names and characters Windows forbids', () => {
    for (const name of refused) {
      const result = validateArgument('addCategory', { set: 'colours', name });
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.error.message, name).toMatch(/category name|control characters/);
    }
    for (const name of ['Beach 2019', 'été', '..hidden-ish', 'c.o.n', 'CONSOLE', 'COM10'])
      expect(validateArgument('addCategory', { set: 'colours', name }).ok, name).toBe(true);
  });

  it('the command line refuses the same names with the same sentence, and makes nothing', async () => {
    for (const name of ['../../../x', '/', 'CON', 'trailing.']) {
      const run = await lumen('category', 'add', 'colours', name, '--library', libraryDir);
      expect(run.code, name).not.toBe(0);
      expect(run.stderr, name).toMatch(/cannot be a folder name/);
    }
    const sets = await lumenJson<{ sets: Array<{ categories: Array<{ name: string }> }> }>('category', 'list', '--library', libraryDir);
    expect(sets.sets[0]?.categories.map((c) => c.name)).toEqual(['red', 'blue']);
    expect(existsSync(join(root, '..', '..', '..', 'x'))).toBe(false);
  });

  it('a category made by an older version under such a name moves nothing and says why', async () => {
    const photos = join(root, 'escape', 'a', 'b', 'c');
    const file = await photo(join(photos, 'p.png'), 'green', 'circle');
    const services = await LumenServices.open({ libraryDir });
    try {
      // Written straight into the library, as before names were checked.
      const categories = new CategoryRepository(services.db);
      const set = categories.ensureSet('old', 0);
      categories.upsertCategory(set.id, '../../../x', [], undefined);
      categories.upsertCategory(set.id, '/', [], undefined);
      const response = await services.classify.classify({ into: 'old', files: [file], action: 'move' });
      expect(response.photos[0]?.error).toMatch(/cannot be used as a folder name/);
      expect(response.batchId).toBeNull();
    } finally {
      await services.dispose();
    }
    expect(await filesUnder(join(root, 'escape'))).toEqual([file]);
  });

  it('a --folder that is an existing file is refused with a sentence naming it', async () => {
    const notAFolder = join(root, 'a-file.txt');
    await writeFile(notAFolder, 'I am a file');
    const run = await lumen('category', 'add', 'colours', 'green', '--folder', notAFolder, '--library', libraryDir);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${notAFolder} is a file, not a folder`);
    expect(await readFile(notAFolder, 'utf8')).toBe('I am a file');
  });
});

describe('photos that need no moving', () => {
  it('leaves a photo already in its category’s folder where it is, with no "(2)" copy', async () => {
    const inFolder = await photo(join(root, 'sorted', 'red', 'already.png'), 'red', 'square');
    const besideBlue = await photo(join(root, 'inbox', 'blue', 'sky.png'), 'blue', 'circle');
    const before = [await sha256(inFolder), await sha256(besideBlue)];
    const response = await classify([inFolder, besideBlue], '--move');
    expect(response.photos.map((p) => [p.outcome, p.destination])).toEqual([
      ['red', null],
      ['blue', null],
    ]);
    expect(response.photos[0]?.note).toMatch(/already in the "red" folder/);
    expect(response.photos[1]?.note).toMatch(/already in the "blue" folder/);
    expect(response.batchId).toBeNull();
    expect(await filesUnder(join(root, 'sorted'))).toEqual([inFolder]);
    expect(await filesUnder(join(root, 'inbox'))).toEqual([besideBlue]);
    expect([await sha256(inFolder), await sha256(besideBlue)]).toEqual(before);
  });

  it('moves a file listed twice (also by another path) once, and says so for the second listing', async () => {
    const file = await photo(join(root, 'twice', 'r.png'), 'red', 'star');
    const other = await photo(join(root, 'twice', 'b.png'), 'blue', 'square');
    const run = await lumen('classify', file, other, join(root, 'twice', '.', 'r.png'), '--into', 'colours', '--move', '--library', libraryDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/listed more than once/);
    expect(await filesUnder(join(root, 'twice'))).toEqual([join(root, 'twice', 'blue', 'b.png')]);
    expect(existsSync(join(root, 'sorted', 'red', 'r.png'))).toBe(true);
    expect((await lumen('undo', '--library', libraryDir)).code).toBe(0);
    expect((await filesUnder(join(root, 'twice'))).sort()).toEqual([other, file].sort());
  });
});

describe('a photo changed since it was indexed', () => {
  it('is classified and searched by what it shows now, not by its stored vector', async () => {
    const folder = join(root, 'changing');
    const changing = await photo(join(folder, 'changing.png'), 'red', 'circle', 7);
    const red = await photo(join(folder, 'red.png'), 'red', 'circle', 8);
    const blue = await photo(join(folder, 'blue.png'), 'blue', 'square', 9);
    const services = await LumenServices.open({ libraryDir });
    try {
      await services.indexer.indexFolders([folder]);
      // The same path now holds another picture: a new size and a new modification time.
      await writeFile(changing, (await renderShapePhoto({ color: 'blue', shape: 'square', seed: 10, format: 'png' })).data);
      await utimes(changing, new Date(), new Date(Date.now() + 60_000));
      const fresh = (await services.worker.call('embed-images', { images: [{ path: changing }] }))[0];
      if (!fresh?.ok) throw new Error('the changed photo did not embed');
      const deps = { photos: services.photos, embeddings: services.embeddings, encoder: services.worker, towerRowId: services.towerRowId };
      const [used] = await vectorsForFiles(deps, [changing]);
      expect(used?.ok && cosine(used.vector, fresh.vector)).toBeGreaterThan(0.9999);
      const example = await resolveExampleVectors(deps, [changing]);
      expect(cosine(example.vectors[0] as Float32Array, fresh.vector)).toBeGreaterThan(0.9999);

      const response = await services.classify.classify({ into: 'colours', files: [changing] });
      expect(response.photos[0]?.outcome).toBe('blue');
      const similar = await services.search.search({ text: '', like: [changing], limit: 1 });
      expect(similar.hits[0]?.path).toBe(blue);
      expect(similar.hits.map((h) => h.path)).not.toContain(red);
    } finally {
      await services.dispose();
    }
  });
});
