/**
 * IPC safety without Electron: the sender check on plain objects standing in for WebContents
 * frames, and argument validation through the real dispatcher over a real library.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LUMEN_METHODS } from '../../../src-common/contract';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import type { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { isTrustedSender } from '../../../src-main/electron-main/sender-check';

describe('isTrustedSender', () => {
  const ownUrl = 'file:///app/out/renderer/index.html';
  const mainFrame = { url: ownUrl };
  const window = { mainFrame } as unknown as Parameters<typeof isTrustedSender>[1];
  const isOwnPage = (url: string): boolean => url === ownUrl;

  it('trusts our window main frame showing our page', () => {
    expect(isTrustedSender({ sender: window, senderFrame: mainFrame }, window, isOwnPage)).toBe(true);
  });

  it('refuses subframes, other windows, no window, and our frame after navigating elsewhere', () => {
    expect(isTrustedSender({ sender: window, senderFrame: { url: ownUrl } }, window, isOwnPage)).toBe(false);
    expect(isTrustedSender({ sender: { mainFrame }, senderFrame: mainFrame }, window, isOwnPage)).toBe(false);
    expect(isTrustedSender({ sender: window, senderFrame: mainFrame }, null, isOwnPage)).toBe(false);
    const strayFrame = { url: 'https://evil.example/' };
    const strayWindow = { mainFrame: strayFrame } as unknown as Parameters<typeof isTrustedSender>[1];
    expect(isTrustedSender({ sender: strayWindow, senderFrame: strayFrame }, strayWindow, isOwnPage)).toBe(false);
  });
});

describe('dispatcher argument validation', () => {
  let dispatch: ApiDispatcher;
  let session: () => Promise<AppSession>;

  beforeAll(async () => {
    const libraryDir = await mkdtemp(join(tmpdir(), 'lumen-ipc-'));
    session = lazySession(() => LumenServices.open({ libraryDir }));
    dispatch = createApiDispatcher(session);
  });

  afterAll(async () => (await session()).dispose());

  it('answers bad-argument for malformed arguments of every method that takes one', async () => {
    const bad: Array<[string, unknown]> = [
      ['search', { text: 42, limit: 5 }],
      ['search', { text: 'x', limit: 100_000 }],
      ['search', 'a red circle'],
      ['listPhotos', { offset: -1, limit: 10 }],
      ['listPhotos', { offset: 0, limit: 10, folder: 'relative/path' }],
      ['getPhoto', '1'],
      ['getPhoto', 0],
      ['addFolder', 'photos'],
      ['addFolder', '/tmp/a\0b'],
      ['removeFolder', { path: '/tmp' }],
      ['controlIndexing', 'explode'],
      ['getStatus', { sneaky: true }],
      ['reindexAll', 'now'],
    ];
    for (const [method, arg] of bad) {
      const result = await dispatch(method, arg);
      expect(result, `${method}(${JSON.stringify(arg)})`).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    }
  });

  it('refuses methods that are not in the contract', async () => {
    for (const method of ['constructor', '__proto__', 'toString', 'dispose', 'services']) {
      expect(await dispatch(method, undefined)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('answers every contract method with a Result', async () => {
    expect(LUMEN_METHODS.length).toBeGreaterThanOrEqual(9);
    expect(await dispatch('getStatus', undefined)).toMatchObject({ ok: true, value: { photos: 0 } });
    expect(await dispatch('listPhotos', { offset: 0, limit: 10 })).toMatchObject({ ok: true, value: { total: 0, photos: [] } });
    expect(await dispatch('getPhoto', 1)).toMatchObject({ ok: false, error: { code: 'unknown-photo' } });
    expect(await dispatch('addFolder', '/definitely/not/here')).toMatchObject({ ok: false, error: { code: 'missing-folder' } });
    expect(await dispatch('getIndexing', undefined)).toMatchObject({ ok: true, value: { current: null, queued: [] } });
  });
});
