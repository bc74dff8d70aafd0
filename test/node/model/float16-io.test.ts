import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '../../../src-main/node/model/float16';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { attr } from '../../../tools/onnx-builder/attributes';
import { GraphBuilder } from '../../../tools/onnx-builder/graph-builder';
import { writeTinyModelFolder } from './fixtures/tiny-model-folder';

describe('float16 conversion', () => {
  it('writes IEEE half-precision bit patterns, rounding to nearest even', () => {
    const bits = toFloat16Bits(Float32Array.of(1, -2, 0.5, 65504, 65520, 1e-8, 2 ** -24, 2 ** -14, 1 + 2 ** -11, 1 + 3 * 2 ** -11, Number.POSITIVE_INFINITY));
    expect(Array.from(bits)).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0x0000, 0x0001, 0x0400, 0x3c00, 0x3c02, 0x7c00]);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Float32Array.of(Number.NaN)))[0])).toBe(true);
  });

  it('round-trips every finite half-precision value exactly', () => {
    const all = Uint16Array.from({ length: 0x7c00 }, (_, i) => i);
    expect(Array.from(toFloat16Bits(fromFloat16Bits(all)))).toEqual(Array.from(all));
  });
});

describe('an fp16 export with float16 inputs and outputs', () => {
  it('gets float16 pixels and gives float32 vectors equal to the fp32 tower’s, to half precision', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-fp16-'));
    try {
      await writeTinyModelFolder(dir);
      const b = new GraphBuilder('channel_mean_fp16');
      const pixels = b.input('pixel_values', 'float16', ['batch', 3, 'height', 'width']);
      const mean = b.op('ReduceMean', [b.op('Cast', [pixels], { to: attr.int(1) })], { axes: attr.ints([2, 3]), keepdims: attr.int(0) });
      b.output('image_embeds', 'float16', ['batch', 3], b.op('Cast', [mean], { to: attr.int(10) /* FLOAT16 */ }));
      await writeFile(join(dir, 'onnx/vision_model_fp16.onnx'), b.toModelBytes({ opsetVersion: 17, producerName: 'lumen-test' }));
      await copyFile(join(dir, 'onnx/text_model.onnx'), join(dir, 'onnx/text_model_fp16.onnx'));
      const [fp32, fp16] = [await ImageTextModel.load(dir, { variant: 'fp32' }), await ImageTextModel.load(dir, { variant: 'fp16' })];
      const photo = { data: Uint8Array.from({ length: 16 * 12 * 3 }, (_, i) => (i * 29) % 256), width: 16, height: 12 };
      const [expected] = await fp32.embedImages([await fp32.prepareImage(photo)]);
      const [actual] = await fp16.embedImages([await fp16.prepareImage(photo)]);
      expect(fp16.info.variant).toBe('fp16');
      expect(actual).toBeInstanceOf(Float32Array);
      Array.from(expected ?? []).forEach((value, i) => expect(actual?.[i]).toBeCloseTo(value, 2));
      await Promise.all([fp32.dispose(), fp16.dispose()]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
