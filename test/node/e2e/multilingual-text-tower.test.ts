/**
 * The LiT promise with a real layout: a multilingual sentence-transformers text tower (the layout
 * of sentence-transformers/clip-ViT-B-32-multilingual-v1: modules.json, 0_Transformer,
 * 1_Pooling, 2_Dense) installed beside the CLIP image tower it was distilled against serves
 * queries in other languages from the vectors CLIP already stored — through the CLI, with no photo
 * embedded again. Stand-ins have random weights: the test checks which vectors answer, not that
 * "Katze" finds cats.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchResponse } from '../../../src-common/contract';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { lumenJson } from '../../support/cli-runner';
import { addModelsAndIndex, corpusLibrary, type CorpusLibrary } from '../../support/corpus-library';
import { rankByStoredVectors } from '../../support/stored-vector-ranking';

let setup: CorpusLibrary | undefined;
let library = '';
let photos = '';
let multilingualSource = '';

beforeAll(async () => {
  setup = await corpusLibrary('lumen-multilingual-');
  ({ library, photos } = setup);
  const clip = await writeExportStandIn(join(setup.root, 'src', 'clip-b32'), 'xenova-clip', { visionSeed: 3 });
  multilingualSource = await writeExportStandIn(join(setup.root, 'src', 'clip-b32-multilingual'), 'clip-multilingual', { visionSeed: 3 });
  await addModelsAndIndex(setup, [{ folder: clip }, { folder: multilingualSource }], 'clip-b32');
});
afterAll(async () => {
  if (setup) await rm(setup.root, { recursive: true, force: true });
});

describe('a multilingual text tower beside the CLIP image tower', () => {
  it('is installed as the same image tower and answers queries in other languages with the stored vectors', async () => {
    const { models } = await lumenJson<{ models: Array<{ id: string; imageTowerId: string; textTowerId: string }> }>('model', 'list', '--library', library);
    const [clip, multilingual] = [models.find((m) => m.id === 'clip-b32'), models.find((m) => m.id === 'clip-b32-multilingual')];
    expect(multilingual?.imageTowerId).toBe(clip?.imageTowerId);
    expect(multilingual?.textTowerId).not.toBe(clip?.textTowerId);

    const use = await lumenJson<{ embedded: number; photos: number }>('model', 'use', 'clip-b32-multilingual', '--library', library);
    expect(use).toMatchObject({ embedded: 10, photos: 10 });
    expect(await lumenJson<IndexSummary>('index', photos, '--library', library)).toMatchObject({ indexed: 0, unchanged: 10 });

    const query = 'eine Katze auf dem Boden';
    const found = await lumenJson<SearchResponse>('search', query, '--limit', '10', '--library', library);
    expect(found.model).toBe('clip-ViT-B-32-multilingual-v1');
    expect(found.hits).toHaveLength(10);

    // The ranking is the multilingual text vector against the vectors CLIP stored, computed here directly.
    const expected = await rankByStoredVectors(library, multilingualSource, query);
    expect(found.hits.map((hit) => hit.path)).toEqual(expected.map((e) => e.path));
    found.hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]?.score as number, 4));
  });
});
