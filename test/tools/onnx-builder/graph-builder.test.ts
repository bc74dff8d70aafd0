import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr } from '../../../tools/onnx-builder/attributes';
import { GraphBuilder } from '../../../tools/onnx-builder/graph-builder';
import { floatTensor, int64Tensor } from '../../../tools/onnx-builder/tensor-data';

/** y = relu(x·W + b), plus the row sums of x with a symbolic batch: two outputs, three op kinds. */
function smallGraph(): GraphBuilder {
  const b = new GraphBuilder('small');
  const x = b.input('x', 'float32', ['batch', 3]);
  const w = b.initializer('w', floatTensor([1, -1, 2, 0, -3, 1], [3, 2]));
  const bias = b.constant('bias', floatTensor([0.5, -0.5], [2]));
  b.output('y', 'float32', ['batch', 2], b.op('Relu', [b.op('Add', [b.op('MatMul', [x, w]), bias])]));
  b.output('row_sum', 'float32', ['batch'], b.op('ReduceSum', [x, b.constant('axes', int64Tensor([1], [1]))], { keepdims: attr.int(0) }));
  return b;
}

describe('GraphBuilder', () => {
  it('writes a model onnxruntime runs, with named inputs, outputs and initializers', async () => {
    const session = await ort.InferenceSession.create(smallGraph().toModelBytes({ opsetVersion: 17, producerName: 'test', metadata: { purpose: 'test' } }));
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y', 'row_sum']);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 3, 1, 0]), [2, 3]) });
    // Row 1: [1,2,3]·W = [1+4−9, −1+0+3] = [−4, 2] → +b → [−3.5, 1.5] → relu → [0, 1.5].
    // Row 2: [3,1,0]·W = [3+2, −3] = [5, −3] → +b → [5.5, −3.5] → relu → [5.5, 0].
    expect(Array.from(out.y?.data as Float32Array)).toEqual([0, 1.5, 5.5, 0]);
    expect(Array.from(out.row_sum?.data as Float32Array)).toEqual([6, 4]);
  });

  it('writes int, float, ints and tensor attributes with their ONNX types', async () => {
    const b = new GraphBuilder('attributes');
    const x = b.input('x', 'float32', [1, 1, 4, 4]);
    const pooled = b.op('AveragePool', [x], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) });
    const leaky = b.op('LeakyRelu', [b.op('Sub', [pooled, b.op('Constant', [], { value: attr.tensor(floatTensor([10], [])) })])], { alpha: attr.float(0.5) });
    b.output('y', 'float32', [1, 1, 2, 2], leaky);
    const session = await ort.InferenceSession.create(b.toModelBytes({ opsetVersion: 17, producerName: 'test' }));
    const out = await session.run({
      x: new ort.Tensor(
        'float32',
        Float32Array.from({ length: 16 }, (_, i) => i),
        [1, 1, 4, 4],
      ),
    });
    // Block means 2.5, 4.5, 10.5, 12.5, minus 10, leaky with slope 0.5 below zero.
    expect(Array.from(out.y?.data as Float32Array)).toEqual([-3.75, -2.75, 0.5, 2.5]);
  });

  it('gives byte-identical models for identical graphs', () => {
    const options = { opsetVersion: 17, producerName: 'test' };
    expect(Buffer.from(smallGraph().toModelBytes(options)).equals(Buffer.from(smallGraph().toModelBytes(options)))).toBe(true);
  });

  it('refuses to read values that do not exist yet, reuse names, or write no outputs', () => {
    const b = new GraphBuilder('bad');
    const x = b.input('x', 'float32', [1]);
    expect(() => b.op('Relu', ['nowhere'])).toThrow(/nowhere, which does not exist/);
    expect(() => b.input('x', 'float32', [1])).toThrow(/already used/);
    expect(() => b.toModelBytes({ opsetVersion: 17, producerName: 'test' })).toThrow(/no outputs/);
    expect(() => b.output('y', 'float32', [1])).toThrow(/not produced/);
    expect(b.fresh('x')).not.toBe(x);
  });

  it('checks that tensor values match their dims', () => {
    const b = new GraphBuilder('dims');
    expect(() => b.constant('w', floatTensor([1, 2, 3], [2, 2]))).toThrow(/hold 4 values, got 3/);
  });
});
