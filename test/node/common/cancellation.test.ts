import { describe, expect, it } from 'vitest';
import { CancellationTokenSource, NEVER_CANCELLED } from '../../../src-common/cancellation';
import { LumenEventHub } from '../../../src-common/contract-events';

describe('CancellationTokenSource', () => {
  it('tells the token and every listener once, and a late listener at once', () => {
    const source = new CancellationTokenSource();
    const heard: string[] = [];
    source.token.onCancellationRequested(() => heard.push('first'));
    const stop = source.token.onCancellationRequested(() => heard.push('stopped listening'));
    stop();
    expect(source.token.isCancellationRequested).toBe(false);
    source.cancel();
    source.cancel();
    expect(source.token.isCancellationRequested).toBe(true);
    source.token.onCancellationRequested(() => heard.push('late'));
    expect(heard).toEqual(['first', 'late']);
  });

  it('is cancelled with its parent, and its abort signal aborts with it', () => {
    const parent = new CancellationTokenSource();
    const child = new CancellationTokenSource(parent.token);
    const signal = child.toAbortSignal();
    parent.cancel();
    expect(child.token.isCancellationRequested).toBe(true);
    expect(signal.aborted).toBe(true);
    expect(NEVER_CANCELLED.isCancellationRequested).toBe(false);
  });
});

describe('LumenEventHub', () => {
  it('delivers each event to its listeners only, until they stop, and a throwing listener does not stop the others', () => {
    const failures: unknown[] = [];
    const hub = new LumenEventHub((error) => failures.push(error));
    const reasons: string[] = [];
    const all: string[] = [];
    hub.listen('libraryChanged', () => {
      throw new Error('listener defect');
    });
    const stop = hub.listen('libraryChanged', (change) => reasons.push(change.reason));
    hub.listenAll((event) => all.push(event));
    hub.fire('libraryChanged', { reason: 'indexed' });
    hub.fire('error', { code: 'x', message: 'y' });
    stop();
    hub.fire('libraryChanged', { reason: 'reopened' });
    expect(reasons).toEqual(['indexed']);
    expect(all).toEqual(['libraryChanged', 'error', 'libraryChanged']);
    expect(failures).toHaveLength(2);
  });
});
