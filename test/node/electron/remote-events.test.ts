/**
 * The contract's events across a process-style boundary (a real MessageChannel, structured clone and
 * all), as the library's utility process sends them to the Electron main process: every event with
 * its payload, on the same link as the calls, which the calls' side ignores.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { LumenEventHub, type LumenEventName } from '../../../src-common/contract-events';
import { RemoteSession, type MessageLink } from '../../../src-main/node/api/remote-dispatch';
import { onRemoteEvents, sendEvents } from '../../../src-main/node/api/remote-events';

function linkOf(port: MessagePort): MessageLink {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

let channel: MessageChannel | undefined;

afterEach(() => {
  channel?.port1.close();
});

describe('remote events', () => {
  it('carries every event with its payload to the main side, in order, beside a calls session', async () => {
    channel = new MessageChannel();
    const hub = new LumenEventHub((error) => {
      throw error;
    });
    const stop = sendEvents(linkOf(channel.port2), hub);
    const mainSide = linkOf(channel.port1);
    const remote = new RemoteSession(mainSide);
    const heard: Array<[LumenEventName, unknown]> = [];
    const arrived = new Promise<void>((resolve) =>
      onRemoteEvents(mainSide, (event, payload) => {
        heard.push([event, payload]);
        if (event === 'error') resolve();
      }),
    );
    const state = { current: '/photos', queued: [], progress: null, lastSummary: null, lastError: null };
    hub.fire('indexProgress', state);
    hub.fire('libraryChanged', { reason: 'indexed' });
    hub.fire('error', { code: 'disk-full', message: 'the disk is full' });
    await arrived;
    expect(heard).toEqual([
      ['indexProgress', state],
      ['libraryChanged', { reason: 'indexed' }],
      ['error', { code: 'disk-full', message: 'the disk is full' }],
    ]);
    stop();
    remote.dispose();
  });
});
