/**
 * The one typed request/response channel (src-common/channel.ts) over a real MessageChannel
 * (structured clone, as between processes): answers, failures with their codes, cancellation that
 * reaches the handler's token, timeouts that cancel on the server, a closed channel, and events.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancellationTokenSource, type CancellationToken } from '../../../src-common/cancellation';
import { ChannelClient, ChannelServer, type ChannelTransport } from '../../../src-common/channel';
import { err, LumenFailure, ok } from '../../../src-common/result';

type TestCalls = {
  double: { args: { n: number }; result: number };
  refuse: { args: null; result: never };
  /** Lasts until its token is cancelled, then says so. */
  wait: { args: null; result: string };
};
type TestEvents = { progress: { done: number } };

function transportOf(port: MessagePort): ChannelTransport {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

let ports: MessageChannel;
let client: ChannelClient<TestCalls, TestEvents>;
let server: ChannelServer<TestCalls, TestEvents>;
let waitTokens: CancellationToken[];

beforeEach(() => {
  ports = new MessageChannel();
  waitTokens = [];
  server = new ChannelServer<TestCalls, TestEvents>(transportOf(ports.port2), {
    double: ({ n }) => n * 2,
    refuse: () => {
      throw new LumenFailure('not-today', 'this call is refused on purpose');
    },
    wait: (_args, token) => {
      waitTokens.push(token);
      return new Promise((resolve) => token.onCancellationRequested(() => resolve('stopped')));
    },
  });
  client = new ChannelClient<TestCalls, TestEvents>(transportOf(ports.port1), 'the test server');
});

afterEach(() => {
  client.dispose();
  server.dispose();
  ports.port1.close();
});

const cancelledOnServer = (): Promise<void> =>
  new Promise((resolve) => {
    const check = (): void => (waitTokens[0]?.isCancellationRequested ? resolve() : void setTimeout(check, 5));
    check();
  });

describe('the channel', () => {
  it('answers calls in any order, keeps a failure’s code and sentence, and refuses an unknown method', async () => {
    const answers = await Promise.all([client.call('double', { n: 2 }), client.call('refuse', null), client.call('double', { n: 21 })]);
    expect(answers).toEqual([ok(4), err('not-today', 'this call is refused on purpose'), ok(42)]);
    const unknown = new ChannelClient<{ missing: { args: null; result: null } }>(transportOf(ports.port1));
    expect(await unknown.call('missing', null)).toEqual(err('unknown-method', 'no such call: missing'));
    unknown.dispose();
  });

  it('a cancelled token answers cancelled at once and cancels the handler’s token', async () => {
    const source = new CancellationTokenSource();
    const answer = client.call('wait', null, { token: source.token });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.waiting).toBe(1);
    source.cancel();
    expect(await answer).toEqual(err('cancelled', 'the call was cancelled'));
    await cancelledOnServer();
    expect(client.waiting).toBe(0);
  });

  it('a call without an answer in time answers timeout and is cancelled on the server', async () => {
    expect(await client.call('wait', null, { timeoutMs: 30 })).toEqual(err('timeout', 'the test server did not answer wait within 30 ms'));
    await cancelledOnServer();
  });

  it('when the other side is gone, waiting and later calls answer its error; the methods waiting are known', async () => {
    const waiting = client.call('wait', null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.pendingMethods()).toEqual(['wait']);
    client.fail({ code: 'worker-exited', message: 'the test server stopped' });
    expect(await waiting).toEqual(err('worker-exited', 'the test server stopped'));
    expect(await client.call('double', { n: 1 })).toEqual(err('worker-exited', 'the test server stopped'));
  });

  it('delivers events to their listeners and leaves other messages on the transport alone', async () => {
    const heard: number[] = [];
    const stop = client.listen('progress', ({ done }) => heard.push(done));
    ports.port2.postMessage({ lumenEvent: 'indexProgress', payload: {} });
    server.fire('progress', { done: 1 });
    server.fire('progress', { done: 2 });
    expect(await client.call('double', { n: 0 })).toEqual(ok(0));
    stop();
    server.fire('progress', { done: 3 });
    expect(await client.call('double', { n: 0 })).toEqual(ok(0));
    expect(heard).toEqual([1, 2]);
  });
});
