import { describe, expect, it } from 'vitest';
import { mapInOrder } from '../../../src-main/node/indexer/embed-worker/map-in-order';
import { indexPoolShape, workerThreadPoolSize } from '../../../src-main/node/inference/pool-shape';

describe('indexPoolShape', () => {
  it('on the CPU, fills each core once: a worker per core (at most four), the rest as onnxruntime threads, one decode each, batches of 8', () => {
    expect(indexPoolShape({ cores: 1, accelerated: false })).toEqual({ size: 1, intraOpThreads: 1, decodeConcurrency: 1, batchSize: 8 });
    expect(indexPoolShape({ cores: 2, accelerated: false })).toEqual({ size: 2, intraOpThreads: 1, decodeConcurrency: 1, batchSize: 8 });
    expect(indexPoolShape({ cores: 16, accelerated: false })).toEqual({ size: 4, intraOpThreads: 4, decodeConcurrency: 1, batchSize: 8 });
    expect(indexPoolShape({ cores: 6, accelerated: false })).toEqual({ size: 4, intraOpThreads: 1, decodeConcurrency: 1, batchSize: 8 });
  });

  it('with an accelerator, one worker decodes on every core, batches of 16', () => {
    expect(indexPoolShape({ cores: 16, accelerated: true })).toEqual({ size: 1, intraOpThreads: 1, decodeConcurrency: 16, batchSize: 16 });
    expect(indexPoolShape({ cores: 2, accelerated: true })).toEqual({ size: 1, intraOpThreads: 1, decodeConcurrency: 2, batchSize: 16 });
  });

  it('shares the cores among the workers asked for', () => {
    expect(indexPoolShape({ cores: 8, accelerated: false }, 1)).toEqual({ size: 1, intraOpThreads: 8, decodeConcurrency: 1, batchSize: 8 });
    expect(indexPoolShape({ cores: 8, accelerated: true }, 2)).toEqual({ size: 2, intraOpThreads: 1, decodeConcurrency: 4, batchSize: 16 });
  });

  it('gives a worker decoding many photos at once the libuv threads for them, and room for inference and files', () => {
    expect(workerThreadPoolSize(1)).toBe(4);
    expect(workerThreadPoolSize(16)).toBe(18);
  });
});

describe('mapInOrder', () => {
  it('keeps the items’ order and at most `concurrency` running', async () => {
    let running = 0;
    let most = 0;
    const results = await mapInOrder([50, 10, 30, 0, 20, 5, 40], 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([100, 20, 60, 0, 40, 10, 80]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure', async () => {
    await expect(mapInOrder([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n))).rejects.toThrow('two');
  });
});
