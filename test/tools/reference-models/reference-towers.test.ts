import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { quantizeUint8 } from '../../../tools/onnx-builder/dynamic-quantization';
import { tinyArchitecture } from '../../../tools/reference-models/architecture';
import { clipTextModel, clipVisionModel } from '../../../tools/reference-models/clip-towers';
import { clipTokenizer } from '../../../tools/reference-models/clip-tokenizer';
import { siglipTextModel, siglipVisionModel } from '../../../tools/reference-models/siglip-towers';
import { cosine } from '../../node/model/reference/vector-agreement';

const CLIP = tinyArchitecture('clip');
const SIGLIP = tinyArchitecture('siglip');
const VOCAB = 100;
const ids = (rows: number[][]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0]?.length ?? 0]);
const ones = (rows: number[][]): ort.Tensor => ids(rows.map((r) => r.map(() => 1)));

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>, output: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const result = (await session.run(feeds))[output];
    return Float32Array.from(result?.data as Float32Array);
  } finally {
    await session.release();
  }
}

function pixels(seed: number, size = CLIP.vision.imageSize): ort.Tensor {
  const data = Float32Array.from({ length: 3 * size * size }, (_, i) => Math.sin(i * 0.37 + seed) * 1.5);
  return new ort.Tensor('float32', data, [1, 3, size, size]);
}

describe('reference towers', () => {
  it('are deterministic, and the vision tower does not depend on the text seed', () => {
    expect(clipVisionModel(CLIP, 7, 'fp32')).toEqual(clipVisionModel(CLIP, 7, 'fp32'));
    expect(clipVisionModel(CLIP, 7, 'fp32')).not.toEqual(clipVisionModel(CLIP, 8, 'fp32'));
    expect(siglipTextModel(SIGLIP, VOCAB, 3, 'fp32')).toEqual(siglipTextModel(SIGLIP, VOCAB, 3, 'fp32'));
  });

  it('use the input and output names of the transformers.js exports', async () => {
    const names = async (model: Uint8Array): Promise<[readonly string[], readonly string[]]> => {
      const session = await ort.InferenceSession.create(model);
      const result: [readonly string[], readonly string[]] = [session.inputNames, session.outputNames];
      await session.release();
      return result;
    };
    expect(await names(clipVisionModel(CLIP, 1, 'fp32'))).toEqual([['pixel_values'], ['image_embeds', 'last_hidden_state']]);
    expect(await names(clipTextModel(CLIP, VOCAB, 1, 'fp32'))).toEqual([
      ['input_ids', 'attention_mask'],
      ['text_embeds', 'last_hidden_state'],
    ]);
    expect(await names(siglipVisionModel(SIGLIP, 1, 'fp32'))).toEqual([['pixel_values'], ['last_hidden_state', 'pooler_output']]);
    expect(await names(siglipTextModel(SIGLIP, VOCAB, 1, 'fp32'))).toEqual([['input_ids'], ['last_hidden_state', 'pooler_output']]);
  });

  it('CLIP text pools at end-of-text (the largest id): later tokens, masked or not, change nothing', async () => {
    const model = clipTextModel(CLIP, VOCAB, 1, 'fp32');
    const eos = VOCAB - 1;
    const short = [[VOCAB - 2, 10, 11, eos]];
    const padded = [[VOCAB - 2, 10, 11, eos, eos, eos]];
    const trailing = [[VOCAB - 2, 10, 11, eos, 12, 13]];
    const base = await run(model, { input_ids: ids(short), attention_mask: ones(short) }, 'text_embeds');
    const masked = await run(model, { input_ids: ids(padded), attention_mask: ids([[1, 1, 1, 1, 0, 0]]) }, 'text_embeds');
    const causal = await run(model, { input_ids: ids(trailing), attention_mask: ones(trailing) }, 'text_embeds');
    expect(cosine(base, masked)).toBeGreaterThan(0.999999);
    expect(cosine(base, causal)).toBeGreaterThan(0.999999);
    const other = [[VOCAB - 2, 10, 12, eos]];
    expect(cosine(base, await run(model, { input_ids: ids(other), attention_mask: ones(other) }, 'text_embeds'))).toBeLessThan(0.999);
  });

  it('SigLIP text pools the last position, which sees every token (no causal mask)', async () => {
    const model = siglipTextModel(SIGLIP, VOCAB, 1, 'fp32');
    const a = await run(model, { input_ids: ids([[5, 6, 7, 1, 1]]) }, 'pooler_output');
    const firstChanged = await run(model, { input_ids: ids([[9, 6, 7, 1, 1]]) }, 'pooler_output');
    expect(a).toHaveLength(SIGLIP.projectionDim);
    expect(cosine(a, firstChanged)).toBeLessThan(0.9999);
  });

  it('vision towers look at every patch', async () => {
    const towers: Array<[Uint8Array, string]> = [
      [clipVisionModel(CLIP, 1, 'fp32'), 'image_embeds'],
      [siglipVisionModel(SIGLIP, 1, 'fp32'), 'pooler_output'],
    ];
    for (const [model, output] of towers) {
      const base = await run(model, { pixel_values: pixels(1) }, output);
      const changed = pixels(1);
      (changed.data as Float32Array)[changed.data.length - 1] = 5; // one pixel of the last patch
      expect(cosine(base, await run(model, { pixel_values: changed }, output))).toBeLessThan(0.999999);
    }
  });

  it('quantized towers stay close to fp32 and use integer matrix products', async () => {
    const quantized = clipVisionModel(CLIP, 1, 'dynamic-uint8');
    expect(Buffer.from(quantized).includes('MatMulInteger')).toBe(true);
    expect(Buffer.from(clipVisionModel(CLIP, 1, 'fp32')).includes('MatMulInteger')).toBe(false);
    const [q, f] = [
      await run(quantized, { pixel_values: pixels(2) }, 'image_embeds'),
      await run(clipVisionModel(CLIP, 1, 'fp32'), { pixel_values: pixels(2) }, 'image_embeds'),
    ];
    expect(cosine(q, f)).toBeGreaterThan(0.98);
    expect(cosine(q, f)).toBeLessThan(1);
  });
});

describe('quantizeUint8', () => {
  it('round-trips every weight within half a step, with zero exact', () => {
    const weights = Float32Array.from({ length: 500 }, (_, i) => Math.sin(i) * (i % 7) - 0.5);
    const { values, scale, zeroPoint } = quantizeUint8(weights);
    weights.forEach((w, i) => expect(Math.abs(((values[i] ?? 0) - zeroPoint) * scale - w)).toBeLessThanOrEqual(scale / 2 + 1e-7));
    expect(quantizeUint8(Float32Array.of(0, 1, 2)).zeroPoint).toBe(0);
  });
});

describe('clipTokenizer', () => {
  it('puts the special tokens last, end-of-text largest, as CLIP’s EOS pooling needs', () => {
    const { tokenizerJson, vocabSize } = clipTokenizer();
    const vocab = (tokenizerJson.model as { vocab: Record<string, number> }).vocab;
    expect(vocab['<|endoftext|>']).toBe(vocabSize - 1);
    expect(vocab['<|startoftext|>']).toBe(vocabSize - 2);
    expect(new Set(Object.values(vocab)).size).toBe(vocabSize);
  });
});
