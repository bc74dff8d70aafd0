/**
 * Immich's model folders through the CLI: the OpenCLIP ViT-B-32__openai folder and the M-CLIP
 * XLM-Roberta-Large-Vit-B-32 folder (a multilingual text tower trained against that image tower)
 * are added as they are, a library is indexed with the first, and switching to the second embeds
 * no photo again: searches in other languages rank the vectors the first stored. Stand-ins have
 * random weights: the test checks which vectors answer, not what they find.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchResponse } from '../../../src-common/contract';
import { writeImmichStandIn } from '../../../tools/reference-models/write-immich-stand-in';
import { lumenJson } from '../../support/cli-runner';
import { addModelsAndIndex, corpusLibrary, type CorpusLibrary } from '../../support/corpus-library';
import { rankByStoredVectors } from '../../support/stored-vector-ranking';

let setup: CorpusLibrary | undefined;
let library = '';
let photos = '';
let mclipSource = '';

beforeAll(async () => {
  setup = await corpusLibrary('lumen-immich-models-');
  ({ library, photos } = setup);
  const clip = await writeImmichStandIn(join(setup.root, 'cache', 'clip', 'ViT-B-32__openai'), 'immich-clip', { visionSeed: 3 });
  mclipSource = await writeImmichStandIn(join(setup.root, 'cache', 'clip', 'XLM-Roberta-Large-Vit-B-32'), 'immich-mclip', { visionSeed: 3 });
  await addModelsAndIndex(
    setup,
    [
      { folder: clip, id: 'immich-clip' },
      { folder: mclipSource, id: 'immich-mclip' },
    ],
    'immich-clip',
  );
});
afterAll(async () => {
  if (setup) await rm(setup.root, { recursive: true, force: true });
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
    const expected = await rankByStoredVectors(library, mclipSource, query);
    expect(found.hits.map((hit) => hit.path)).toEqual(expected.map((e) => e.path));
  });
});
