import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../../src-main/node/model/safetensors-file';
import { poolAndProject, readSentenceTransformersTower } from '../../../src-main/node/model/sentence-transformers-tower';
import { safetensorsBytes } from '../../../tools/reference-models/distilbert-tower';
import { failureOf } from '../../support/failure-of';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-st-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function towerFolder(name: string, pooling: Record<string, boolean>, dense: Record<string, unknown> | null, weights?: Uint8Array): Promise<string> {
  const folder = join(root, name);
  await mkdir(join(folder, '1_Pooling'), { recursive: true });
  const modules = [
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ...(dense ? [{ idx: 2, name: '2', path: '2_Dense', type: 'sentence_transformers.models.Dense' }] : []),
  ];
  await writeFile(join(folder, 'modules.json'), JSON.stringify(modules));
  await writeFile(join(folder, '1_Pooling/config.json'), JSON.stringify({ word_embedding_dimension: 2, ...pooling }));
  if (dense) {
    await mkdir(join(folder, '2_Dense'), { recursive: true });
    await writeFile(join(folder, '2_Dense/config.json'), JSON.stringify(dense));
    if (weights) await writeFile(join(folder, '2_Dense/model.safetensors'), weights);
  }
  return folder;
}

// Two texts of three positions, hidden size 2; the second text's last position is padding.
const TOKENS = Float32Array.from([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 99, 99]);
const MASK = BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]);

describe('sentence-transformers modules after the graph', () => {
  it('mean-pools over the attention mask, then applies Dense (W·x + b, tanh) as sentence-transformers does', async () => {
    const weights = safetensorsBytes({
      'linear.weight': { shape: [1, 2], values: Float32Array.from([0.5, -0.25]) },
      'linear.bias': { shape: [1], values: Float32Array.from([0.1]) },
    });
    const folder = await towerFolder(
      'mean-dense',
      { pooling_mode_mean_tokens: true },
      { in_features: 2, out_features: 1, bias: true, activation_function: 'torch.nn.modules.activation.Tanh' },
      weights,
    );
    const tower = await readSentenceTransformersTower(folder);
    if (!tower) throw new Error('no tower');
    const [first, second] = poolAndProject(tower, TOKENS, [2, 3, 2], MASK);
    // Means: (3, 4) and (20, 30) — the padded 99s are left out.
    expect(first?.[0]).toBeCloseTo(Math.tanh(0.5 * 3 - 0.25 * 4 + 0.1), 6);
    expect(second?.[0]).toBeCloseTo(Math.tanh(0.5 * 20 - 0.25 * 30 + 0.1), 6);
  });

  it('concatenates cls and max pooling in sentence-transformers order, masking padding out of the max', async () => {
    const tower = await readSentenceTransformersTower(await towerFolder('cls-max', { pooling_mode_cls_token: true, pooling_mode_max_tokens: true }, null));
    if (!tower) throw new Error('no tower');
    const [, second] = poolAndProject(tower, TOKENS, [2, 3, 2], MASK);
    expect(Array.from(second ?? [])).toEqual([10, 20, 30, 40]);
  });

  it('refuses pooling modes and modules it does not run, naming the file', async () => {
    const folder = await towerFolder('weighted', { pooling_mode_weightedmean_tokens: true }, null);
    expect((await failureOf(readSentenceTransformersTower(folder))).message).toBe(
      'model file 1_Pooling/config.json: pooling_mode_weightedmean_tokens is not supported by Lumen',
    );
  });

  it('reads float32 and float16 safetensors, and names a file that is not one', () => {
    const tensors = readSafetensors(Buffer.from(safetensorsBytes({ w: { shape: [2], values: Float32Array.from([1.5, -2]) } })), 'x.safetensors');
    expect(Array.from(tensors.get('w')?.values ?? [])).toEqual([1.5, -2]);
    const header = Buffer.from(JSON.stringify({ h: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }));
    const half = Buffer.concat([Buffer.alloc(8), header, Buffer.from([0x00, 0x3c])]);
    half.writeBigUInt64LE(BigInt(header.length), 0);
    expect(Array.from(readSafetensors(half, 'h.safetensors').get('h')?.values ?? [])).toEqual([1]);
    expect(() => readSafetensors(Buffer.from('not a safetensors file'), '2_Dense/model.safetensors')).toThrow(
      /^model file 2_Dense\/model\.safetensors is not a readable safetensors file/,
    );
  });
});
