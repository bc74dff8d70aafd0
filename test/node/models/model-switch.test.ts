/**
 * Switching models in a library: a text tower trained against the same image tower re-uses every
 * stored vector; a different image tower is filled in the background while the previous model's
 * vectors keep answering searches.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, LibraryStatus, SearchResponse } from '../../../src-common/contract';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumen, lumenJson } from '../../support/cli-runner';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';

let root = '';
let library = '';
let photos = '';
const QUERY = 'a photo of an astronaut';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-switch-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  library = join(root, 'library');
  photos = join(root, 'photos');
  await cp(join(import.meta.dirname, '../../fixtures/corpus/photos'), photos, { recursive: true });
  // a and b: one image tower (vision seed 1), two text towers. c: another image tower.
  const sources = {
    'clip-a': await writeReferenceModel(join(root, 'src', 'clip-a'), { family: 'clip', visionSeed: 1, textSeed: 2, name: 'clip-a' }),
    'clip-b': await writeReferenceModel(join(root, 'src', 'clip-b'), { family: 'clip', visionSeed: 1, textSeed: 3, name: 'clip-b' }),
    'clip-c': await writeReferenceModel(join(root, 'src', 'clip-c'), { family: 'clip', visionSeed: 5, textSeed: 2, name: 'clip-c' }),
  };
  for (const source of Object.values(sources)) expect((await lumen('model', 'add', source, '--library', library)).code).toBe(0);
  expect((await lumen('model', 'use', 'clip-a', '--library', library)).code).toBe(0);
  expect((await lumenJson<IndexSummary>('index', photos, '--library', library)).indexed).toBe(10);
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const search = (): Promise<SearchResponse> => lumenJson<SearchResponse>('search', QUERY, '--limit', '10', '--library', library);
const status = (): Promise<LibraryStatus> => lumenJson<LibraryStatus>('status', '--library', library);

describe('switching models', () => {
  it('to another text tower of the same image tower re-embeds no photo', async () => {
    const { models } = await lumenJson<{ models: Array<{ id: string; imageTowerId: string; textTowerId: string }> }>('model', 'list', '--library', library);
    const [a, b] = [models.find((m) => m.id === 'clip-a'), models.find((m) => m.id === 'clip-b')];
    expect(a?.imageTowerId).toBe(b?.imageTowerId);
    expect(a?.textTowerId).not.toBe(b?.textTowerId);
    const use = await lumenJson<{ embedded: number; photos: number }>('model', 'use', 'clip-b', '--library', library);
    expect(use).toMatchObject({ embedded: 10, photos: 10 });
    const again = await lumenJson<IndexSummary>('index', photos, '--library', library);
    expect(again).toMatchObject({ indexed: 0, unchanged: 10 });
    expect(await status()).toMatchObject({ photos: 10, embedded: 10, model: { name: 'clip-b' } });
    const found = await search();
    expect(found.model).toBe('clip-b');
    expect(found.hits).toHaveLength(10);
    expect((await lumen('model', 'use', 'clip-a', '--library', library)).code).toBe(0);
  });

  it('to another image tower keeps serving the old vectors until the new ones are complete', async () => {
    const before = await search();
    expect(before.model).toBe('clip-a');
    const use = await lumenJson<{ embedded: number; photos: number }>('model', 'use', 'clip-c', '--library', library);
    expect(use).toMatchObject({ embedded: 0, photos: 10 });
    // Chosen but not yet embedded: status shows the new model, searches still answer with clip-a.
    expect(await status()).toMatchObject({ embedded: 0, model: { name: 'clip-c' } });
    const during = await search();
    expect(during.model).toBe('clip-a');
    expect(during.hits.map((h) => [h.path, h.score])).toEqual(before.hits.map((h) => [h.path, h.score]));

    // Re-embedding runs while searches go on, and they keep their complete answers.
    const services = await LumenServices.open({ libraryDir: library, indexWorkers: 1 });
    try {
      expect(services.serving.previous).toBe(true);
      const indexing = services.indexer.indexFolders([photos]);
      const concurrent = await services.search.search({ text: QUERY, limit: 10 });
      expect(concurrent.model).toBe('clip-a');
      expect(concurrent.hits.map((h) => h.path)).toEqual(before.hits.map((h) => h.path));
      expect((await indexing).indexed).toBe(10);
      expect(services.embeddings.countEmbeddings(services.towerRowId)).toBe(10);
    } finally {
      await services.dispose();
    }

    const after = await search();
    expect(after.model).toBe('clip-c');
    expect(after.hits).toHaveLength(10);
    expect(await status()).toMatchObject({ embedded: 10, model: { name: 'clip-c' } });
  });

  it('refuses to remove the model in use, and removes another', async () => {
    const refused = await lumen('model', 'remove', 'clip-c', '--library', library);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is this library's model/);
    expect((await lumen('model', 'remove', 'clip-b', '--library', library)).code).toBe(0);
    const left = await lumenJson<{ models: Array<{ id: string; active: boolean }> }>('model', 'list', '--library', library);
    expect(left.models.map((m) => [m.id, m.active])).toEqual([
      ['clip-a', false],
      ['clip-c', true],
    ]);
  });
});
