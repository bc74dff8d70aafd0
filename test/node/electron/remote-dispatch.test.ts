/**
 * The window's calls across a process-style boundary (a real MessageChannel, structured clone and
 * all), answered by the real dispatcher over a real library, as the Electron main process and the
 * library's utility process talk.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDispatcher, lazySession } from '../../../src-main/node/api/api-handlers';
import type { AppSession } from '../../../src-main/node/api/app-session';
import { answerRequests, RemoteSession, type MessageLink } from '../../../src-main/node/api/remote-dispatch';
import { LumenServices } from '../../../src-main/node/lumen-services';

function linkOf(port: MessagePort): MessageLink {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

let channel: MessageChannel;
let remote: RemoteSession;
let session: () => Promise<AppSession>;

beforeAll(async () => {
  const libraryDir = await mkdtemp(join(tmpdir(), 'lumen-remote-'));
  session = lazySession(() => LumenServices.open({ libraryDir }));
  channel = new MessageChannel();
  answerRequests(linkOf(channel.port2), createApiDispatcher(session), async () => (await session()).files);
  remote = new RemoteSession(linkOf(channel.port1));
});

afterAll(async () => {
  remote.dispose();
  channel.port1.close();
  await (await session()).dispose();
});

describe('RemoteSession', () => {
  it('answers contract calls with the service side’s Results, in any order', async () => {
    const [status, photos, bad] = await Promise.all([
      remote.dispatch('getStatus', undefined),
      remote.dispatch('listPhotos', { offset: 0, limit: 5 }),
      remote.dispatch('getPhoto', 'seven'),
    ]);
    expect(status).toMatchObject({ ok: true, value: { photos: 0, model: { name: 'shapes-lit' } } });
    expect(photos).toEqual({ ok: true, value: { total: 0, offset: 0, photos: [] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
  });

  it('refuses media of unknown photos', async () => {
    await expect(remote.resolveMedia('thumbnail', 12345)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('answers waiting calls when the other side goes away', async () => {
    const lonely = new MessageChannel();
    const orphan = new RemoteSession(linkOf(lonely.port1));
    const waiting = orphan.dispatch('getStatus', undefined);
    orphan.fail('the library process stopped');
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'services-stopped' } });
    lonely.port1.close();
  });
});
