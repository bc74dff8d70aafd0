/**
 * IPC safety without Electron: the sender check on plain objects standing in for WebContents
 * frames, and argument validation through the real dispatcher over a real library.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LUMEN_METHODS } from '../../../src-common/contract';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import type { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { guardedHandler, isTrustedSender } from '../../../src-main/electron-main/sender-check';
import { MAX_BODY_BYTES } from '../../../src-main/node/server/lumen-server';
import { MAX_IMAGE_BASE64 } from '../../../src-common/contract-arguments';

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

describe('guardedHandler', () => {
  it('runs the handler for a trusted sender only; any other gets the refusal', async () => {
    let runs = 0;
    const handler = guardedHandler(
      (event: { sender: unknown; senderFrame: unknown }) => event.sender === 'our window',
      () => 'refused',
      (_event, arg) => {
        runs++;
        return `done ${String(arg)}`;
      },
    );
    expect(await handler({ sender: 'our window', senderFrame: null }, 1)).toBe('done 1');
    expect(await handler({ sender: 'a subframe', senderFrame: null }, 2)).toBe('refused');
    expect(runs).toBe(1);
  });

  it('guards every IPC handler the main process registers, contract and host calls alike', async () => {
    const here = import.meta.dirname;
    for (const file of ['main.ts', 'ipc-handlers.ts']) {
      const source = await readFile(join(here, '../../../src-main/electron-main', file), 'utf8');
      const handles = source.match(/ipcMain\.handle\(/g)?.length ?? 0;
      expect(handles, file).toBeGreaterThan(0);
      expect(source.match(/guardedHandler\(/g)?.length ?? 0, file).toBe(handles);
    }
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
      ['retryFailedFiles', { all: true }],
      ['listPhotos', { offset: 0, limit: 10, tag: 42 }],
      ['listTags', 'all'],
      ['addTag', { name: '' }],
      ['addTag', { name: 'sea', descriptions: 'water' }],
      ['addTag', { name: 'sea', threshold: 0.2 }],
      ['renameTag', { from: 'a' }],
      ['deleteTag', 'a\u0000b'],
      ['tagPhotos', { tag: 'sea', photos: [] }],
      ['tagPhotos', { tag: 'sea', photos: ['/tmp/a.jpg'] }],
      ['startTagRun', { tags: [] }],
      ['startTagRun', { tags: ['sea'], folder: 'relative' }],
      ['startTagRun', { tags: ['sea'], folder: '/tmp', photos: [1] }],
      ['getTagRun', 1],
      ['cancelTagRun', 'now'],
      ['listSuggestions', ''],
      ['decideSuggestions', { tag: 'sea', decision: 'maybe' }],
      ['decideSuggestions', { tag: 'sea', decision: 'accept', photos: [0] }],
      ['listCategorySets', {}],
      ['addCategory', { set: 'kinds', name: 'beach', folder: 'beach' }],
      ['addCategory', { set: '', name: 'beach' }],
      ['classifyFiles', { into: 'kinds', files: [] }],
      ['classifyFiles', { into: 'kinds', files: ['a.jpg'] }],
      ['classifyFiles', { into: 'kinds', files: ['/tmp/a.jpg'], action: 'delete' }],
      ['classifyImage', { into: 'kinds', name: 'a.jpg', data: 'not base64!' }],
      ['classifyImage', { into: 'kinds', name: 'a.jpg', data: 'A'.repeat(1_000_004) }],
      ['classifyImage', { into: 'kinds', name: 'a.jpg', data: [1, 2, 3] }],
      ['undoLast', { batch: 1 }],
      ['listModels', 'all'],
      ['useModel', ''],
      ['useModel', '../../etc'],
      ['useModel', { id: 'clip' }],
      ['addModel', 'models/clip'],
      ['addModel', 'https://huggingface.co/Xenova/clip-vit-base-patch32'],
      ['getDevice', { device: 'cpu' }],
      ['setDevice', 'gpu'],
      ['setDevice', ['cuda']],
      // Keys a call does not take are refused, not dropped (a typo would change what the call does).
      ['search', { text: 'sea', limt: 5 }],
      ['search', { text: 'sea', limit: 5, filters: { folder: ['/tmp'] } }],
      ['classifyFiles', { into: 'kinds', files: ['/tmp/a.jpg'], acton: 'move' }],
      ['listPhotos', { offset: 0, limit: 10, folders: ['/tmp'] }],
      ['renameTag', { from: 'a', to: 'b', merge: true }],
      ['tagPhotos', { tag: 'sea', photos: [1], state: 'rejected' }],
      ['decideSuggestions', { tag: 'sea', decision: 'accept', all: true }],
      ['classifyImage', { into: 'kinds', name: 'a.jpg', data: 'AAAA', action: 'move' }],
    ];
    for (const [method, arg] of bad) {
      const result = await dispatch(method, arg);
      expect(result, `${method}(${JSON.stringify(arg)})`).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    }
  });

  it("keeps the largest dropped image a request may carry inside the server's body limit", () => {
    // { "arg": { "into": <100 chars>, "name": <255 chars, up to 4 bytes each>, "data": <base64> } }
    expect(MAX_IMAGE_BASE64 + 2 * 1024).toBeLessThan(MAX_BODY_BYTES);
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
    expect(await dispatch('listTags', undefined)).toMatchObject({ ok: true, value: [] });
    expect(await dispatch('addTag', { name: 'sea', descriptions: ['water'] })).toMatchObject({
      ok: true,
      value: { name: 'sea', descriptions: ['water'], accepted: 0 },
    });
    expect(await dispatch('listPhotos', { offset: 0, limit: 10, tag: 'sea' })).toMatchObject({ ok: true, value: { total: 0, photos: [] } });
    expect(await dispatch('tagPhotos', { tag: 'sea', photos: [1] })).toMatchObject({ ok: false, error: { code: 'unknown-photo' } });
    expect(await dispatch('startTagRun', { tags: ['nope'] })).toMatchObject({ ok: false, error: { code: 'unknown-tag' } });
    expect(await dispatch('getTagRun', undefined)).toMatchObject({ ok: true, value: { running: false } });
    expect(await dispatch('listSuggestions', 'sea')).toMatchObject({ ok: true, value: [] });
    expect(await dispatch('renameTag', { from: 'sea', to: 'ocean' })).toMatchObject({ ok: true, value: { name: 'ocean' } });
    expect(await dispatch('deleteTag', 'ocean')).toMatchObject({ ok: true, value: [] });
    expect(await dispatch('listCategorySets', undefined)).toMatchObject({ ok: true, value: [] });
    expect(await dispatch('classifyFiles', { into: 'kinds', files: ['/tmp/a.jpg'] })).toMatchObject({ ok: false, error: { code: 'unknown-category-set' } });
    expect(await dispatch('undoLast', undefined)).toMatchObject({ ok: false });
    expect(await dispatch('getDevice', undefined)).toMatchObject({ ok: true, value: { choice: 'cpu', inUse: 'cpu', restartNeeded: false } });
    expect(await dispatch('useModel', 'no-such-model')).toMatchObject({ ok: false, error: { code: 'missing-model' } });
  });
});
