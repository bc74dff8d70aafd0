/**
 * Immich's model folders through the CLI: the OpenCLIP ViT-B-32__openai folder and the M-CLIP
 * XLM-Roberta-Large-Vit-B-32 folder (a multilingual text tower trained against that image tower)
 * are added as they are, a library is indexed with the first, and switching to the second embeds
 * no photo again: searches in other languages rank the vectors the first stored. Stand-ins have
 * random weights: the test checks which vectors answer, not what they find.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchResponse } from '../../../src-common/contract';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { writeImmichStandIn } from '../../../tools/reference-models/write-immich-stand-in';
import { lumen, lumenJson } from '../../support/cli-runner';
import { cosine } from '../model/reference/vector-agreement';

let root = '';
let library = '';
let photos = '';
let mclipSource = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-immich-models-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  library = join(root, 'library');
  photos = join(root, 'photos');
  await cp(join(import.meta.dirname, '../../fixtures/corpus/photos'), photos, { recursive: true });
  const clip = await writeImmichStandIn(join(root, 'cache', 'clip', 'ViT-B-32__openai'), 'immich-clip', { visionSeed: 3 });
  mclipSource = await writeImmichStandIn(join(root, 'cache', 'clip', 'XLM-Roberta-Large-Vit-B-32'), 'immich-mclip', { visionSeed: 3 });
  expect((await lumen('model', 'add', clip, '--id', 'immich-clip', '--library', library)).code).toBe(0);
  expect((await lumen('model', 'add', mclipSource, '--id', 'immich-mclip', '--library', library)).code).toBe(0);
  expect((await lumen('model', 'use', 'immich-clip', '--library', library)).code).toBe(0);
  expect((await lumenJson<IndexSummary>('index', photos, '--library', library)).indexed).toBe(10);
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("Immich's model folders", () => {
  it('switch from OpenCLIP to the M-CLIP text tower without embedding a photo again', async () => {
    const { models } = await lumenJson<{ models: Array<{ id: string; name: string; imageTowerId: string; textTowerId: string }> }>(
      'model',
      'list',
      '--library',
      library,
    );
    const [clip, mclip] = [models.find((m) => m.id === 'immich-clip'), models.find((m) => m.id === 'immich-mclip')];
    expect(models.find((m) => m.id === 'immich-mclip')).toMatchObject({ name: 'XLM-Roberta-Large-Vit-B-32' });
    expect(mclip?.imageTowerId).toBe(clip?.imageTowerId);
    expect(mclip?.textTowerId).not.toBe(clip?.textTowerId);

    expect(await lumenJson<{ embedded: number; photos: number }>('model', 'use', 'immich-mclip', '--library', library)).toMatchObject({
      embedded: 10,
      photos: 10,
    });
    expect(await lumenJson<IndexSummary>('index', photos, '--library', library)).toMatchObject({ indexed: 0, unchanged: 10 });

    const query = 'eine Katze auf dem Boden';
    const found = await lumenJson<SearchResponse>('search', query, '--limit', '10', '--library', library);
    expect(found.model).toBe('immich-mclip');
    expect(found.hits).toHaveLength(10);
    const model = await ImageTextModel.load(mclipSource, { intraOpNumThreads: 1 });
    const [text] = await model.embedTexts([query]).finally(() => model.dispose());
    const services = await LumenServices.open({ libraryDir: library, indexWorkers: 1 });
    try {
      const rows = services.db.prepare<[], { id: number; path: string }>('SELECT id, path FROM photos').all();
      const expected = rows
        .map(({ id, path }) => ({ path, score: cosine(services.embeddings.getEmbedding(id, services.towerRowId) as Float32Array, text as Float32Array) }))
        .sort((a, b) => b.score - a.score);
      expect(found.hits.map((hit) => hit.path)).toEqual(expected.map((e) => e.path));
    } finally {
      await services.dispose();
    }
  });
});
