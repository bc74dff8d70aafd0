/**
 * How each transport cancels a call's token, so one handler sees one token whoever called: an
 * HTTP client that goes away (lumen serve), and a cancel message over the services link (the
 * Electron main process and the library's utility process, over a real MessageChannel).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, type CancellationToken } from '../../../src-common/cancellation';
import { err, ok, type Result } from '../../../src-common/result';
import type { ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { answerRequests, RemoteSession, type MessageLink } from '../../../src-main/node/api/remote-dispatch';
import { startLumenServer } from '../../../src-main/node/server/lumen-server';

/** A dispatcher whose calls last until their token is cancelled, then answer `cancelled`; it records the tokens it was given. */
function untilCancelled(): { dispatch: ApiDispatcher; tokens: CancellationToken[]; started: Promise<void> } {
  const tokens: CancellationToken[] = [];
  let started: () => void = () => {};
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const dispatch: ApiDispatcher = (_method, _arg, token) => {
    if (!token) return Promise.resolve(ok('no token'));
    tokens.push(token);
    started();
    return new Promise<Result<unknown>>((resolve) => token.onCancellationRequested(() => resolve(err('cancelled', 'the call was cancelled'))));
  };
  return { dispatch, tokens, started: startedPromise };
}

function linkOf(port: MessagePort): MessageLink {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

let rendererDir: string;
beforeAll(async () => {
  rendererDir = join(await mkdtemp(join(tmpdir(), 'lumen-cancel-transports-')), 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lumen</title>');
});

describe('cancelling a call', () => {
  it('over the services link: the caller’s token sends a cancel, and the service side’s token is cancelled', async () => {
    const served = untilCancelled();
    const channel = new MessageChannel();
    const stop = answerRequests(linkOf(channel.port2), served.dispatch, () => Promise.reject(new Error('no files here')));
    const remote = new RemoteSession(linkOf(channel.port1));
    try {
      const caller = new CancellationTokenSource();
      const answer = remote.dispatch('classifyFiles', { into: 'x', files: ['/a.jpg'] }, caller.token);
      await served.started;
      expect(served.tokens[0]?.isCancellationRequested).toBe(false);
      const heard = new Promise<void>((resolve) => served.tokens[0]?.onCancellationRequested(resolve));
      caller.cancel();
      expect(await answer).toEqual(err('cancelled', 'the call was cancelled'));
      await heard;
      expect(served.tokens[0]?.isCancellationRequested).toBe(true);
    } finally {
      stop();
      remote.dispose();
      channel.port1.close();
    }
  });

  it('over HTTP: a client that aborts its request cancels the call’s token; an answered call’s token is never cancelled', async () => {
    const served = untilCancelled();
    const server = await startLumenServer({ dispatch: served.dispatch, files: () => Promise.reject(new Error('no library here')), rendererDir, port: 0 });
    try {
      const aborting = new AbortController();
      const request = fetch(`${server.origin}/api/classifyFiles`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ arg: { into: 'x', files: ['/a.jpg'] } }),
        signal: aborting.signal,
      }).catch((error: unknown) => error);
      await served.started;
      const token = served.tokens[0];
      expect(token?.isCancellationRequested).toBe(false);
      const cancelled = new Promise<void>((resolve) => token?.onCancellationRequested(resolve));
      aborting.abort();
      await request;
      await cancelled;
      expect(token?.isCancellationRequested).toBe(true);
    } finally {
      await server.close();
    }
  });
});
