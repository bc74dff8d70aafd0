/**
 * A folder install of a sentence-transformers text tower keeps every graph it ships per CPU family
 * (`model_quint8_avx2.onnx`, `model_qint8_arm64.onnx`), not only the first of a precision.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { writeExportStandIn } from '../../../tools/reference-models/write-export-stand-in';

let root = '';
let source = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-folder-graphs-'));
  source = await writeExportStandIn(join(root, 'pair'), 'clip-multilingual');
  // The real repository's arm64 graph is another int8 quantization of the same tower; the stand-in has one int8 graph, copied under that name.
  await copyFile(join(source, 'text/onnx/model_quint8_avx2.onnx'), join(source, 'text/onnx/model_qint8_arm64.onnx'));
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('installing a folder with a sentence-transformers text tower', () => {
  it('copies and records every graph of the text tower, each with its hash', async () => {
    const registry = new ModelRegistry(join(root, 'models'));
    const installed = await installModel(source, { registry, id: 'pair' });
    for (const graph of ['text/onnx/model.onnx', 'text/onnx/model_quint8_avx2.onnx', 'text/onnx/model_qint8_arm64.onnx']) {
      const bytes = await readFile(join(registry.folderOf('pair'), graph));
      expect(installed.files[graph]).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
