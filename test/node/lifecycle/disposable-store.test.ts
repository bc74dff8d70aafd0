import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from '../../../src-main/node/lifecycle/disposable-store';
import { MemoryLogger } from '../../support/memory-logger';

describe('DisposableStore', () => {
  it('disposes in reverse order of adding, waiting for each', async () => {
    const order: string[] = [];
    const store = new DisposableStore(new MemoryLogger());
    store.add(toDisposable(() => void order.push('db')));
    store.add(
      toDisposable(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('worker');
      }),
    );
    store.add(toDisposable(() => void order.push('service')));
    await store.dispose();
    expect(order).toEqual(['service', 'worker', 'db']);
  });

  it('does the work once however often it is disposed', async () => {
    let count = 0;
    const store = new DisposableStore(new MemoryLogger());
    store.add(toDisposable(() => void count++));
    await Promise.all([store.dispose(), store.dispose()]);
    await store.dispose();
    expect(count).toBe(1);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes the rest when one fails, logs the failure and rejects with it', async () => {
    const logger = new MemoryLogger();
    const order: string[] = [];
    const store = new DisposableStore(logger);
    store.add(toDisposable(() => void order.push('first')));
    store.add(toDisposable(() => Promise.reject(new Error('worker would not stop'))));
    store.add(toDisposable(() => void order.push('last')));
    await expect(store.dispose()).rejects.toThrow('worker would not stop');
    expect(order).toEqual(['last', 'first']);
    expect(logger.at('error')).toHaveLength(1);
    expect((logger.at('error')[0]?.fields.err as Error).message).toBe('worker would not stop');
  });

  it('collects several failures into one AggregateError', async () => {
    const logger = new MemoryLogger();
    const store = new DisposableStore(logger);
    store.add(
      toDisposable(() => {
        throw new Error('a');
      }),
    );
    store.add(
      toDisposable(() => {
        throw new Error('b');
      }),
    );
    const failure = await store.dispose().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((e: Error) => e.message)).toEqual(['b', 'a']);
    expect(logger.at('error')).toHaveLength(2);
  });

  it('disposes at once what is added after it was disposed', async () => {
    const logger = new MemoryLogger();
    const store = new DisposableStore(logger);
    await store.dispose();
    let disposed = false;
    store.add(toDisposable(() => void (disposed = true)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(disposed).toBe(true);
    expect(logger.at('warn')).toHaveLength(1);
  });
});
