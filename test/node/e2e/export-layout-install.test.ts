/**
 * Every export layout installs, indexes and searches through the CLI; and installing exports whose
 * weights live beside the graph: a folder install copies and records
 * jina-clip-v2's onnx/model.onnx_data and the multilingual text tower's module files, and a later
 * load refuses an external weight file changed on disk since the install.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchResponse } from '../../../src-common/contract';
import { EXPORT_LAYOUTS, writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';
import { lumen, lumenJson } from '../../support/cli-runner';

let root = '';
let library = '';
let photos = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-layout-install-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  library = join(root, 'library');
  // Three photos: enough to index and rank, little work per layout on a loaded machine.
  photos = join(root, 'photos');
  await mkdir(photos);
  for (const name of ['astronaut.png', 'chelsea.png', 'rocket.jpg'])
    await cp(join(import.meta.dirname, '../../fixtures/corpus/photos', name), join(photos, name));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

interface Listed {
  id: string;
  files: Record<string, string>;
}

describe('every export layout through the CLI', () => {
  it.each(EXPORT_LAYOUTS)('%s: installs, indexes and searches', async (layout) => {
    const source = await writeExportStandIn(join(root, 'src', `every-${layout}`), layout);
    const layoutLibrary = join(root, `library-${layout}`);
    expect((await lumen('model', 'add', source, '--library', layoutLibrary)).code).toBe(0);
    expect((await lumen('model', 'use', `every-${layout}`, '--library', layoutLibrary)).code).toBe(0);
    expect((await lumenJson<IndexSummary>('index', photos, '--library', layoutLibrary)).indexed).toBe(3);
    const found = await lumenJson<SearchResponse>('search', 'un gato sentado en el suelo', '--limit', '3', '--library', layoutLibrary);
    expect(found.hits).toHaveLength(3);
  });
});

describe('installing from a folder', () => {
  it('copies and records external weights and sentence-transformers modules, and refuses changed weights on load', async () => {
    const jina = await writeExportStandIn(join(root, 'src', 'jina-clip-v2'), 'jina-clip-v2');
    const multilingual = await writeExportStandIn(join(root, 'src', 'clip-multilingual'), 'clip-multilingual');
    expect((await lumen('model', 'add', jina, '--library', library)).code).toBe(0);
    expect((await lumen('model', 'add', multilingual, '--library', library)).code).toBe(0);
    const { models } = await lumenJson<{ models: Listed[] }>('model', 'list', '--library', library);
    expect(Object.keys(models.find((m) => m.id === 'jina-clip-v2')?.files ?? {})).toEqual(
      expect.arrayContaining(['onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model_fp16.onnx']),
    );
    expect(Object.keys(models.find((m) => m.id === 'clip-multilingual')?.files ?? {})).toEqual(
      expect.arrayContaining([
        'text/modules.json',
        'text/onnx/model.onnx',
        'text/tokenizer.json',
        'text/sentence_bert_config.json',
        'text/1_Pooling/config.json',
        'text/2_Dense/config.json',
        'text/2_Dense/model.safetensors',
      ]),
    );

    expect((await lumen('model', 'use', 'jina-clip-v2', '--library', library)).code).toBe(0);
    expect((await lumen('search', 'a cat', '--library', library)).code).toBe(0);
    const data = join(root, 'models', 'jina-clip-v2', 'onnx/model.onnx_data');
    const bytes = await readFile(data);
    bytes.writeFloatLE(bytes.readFloatLE(64) + 1, 64);
    await writeFile(data, bytes);
    const changed = await lumen('search', 'a cat', '--library', library);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/model file onnx\/model\.onnx_data has changed since the model was installed/);
  });
});
