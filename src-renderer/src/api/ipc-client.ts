/** The contract over Electron IPC: `window.lumen` and `window.lumenHost` from the preload. */
import type { LumenApi } from '../../../src-common/contract';
import type { LumenEventSource } from '../../../src-common/contract-events';
import type { LumenHost } from '../../../src-common/lumen-host';
import type { LumenClient } from './lumen-client';

export function createIpcClient(api: LumenApi & LumenEventSource, host: LumenHost): LumenClient {
  return {
    // contextBridge objects spread like plain ones: every contract method, as the preload built it.
    ...api,
    shell: 'desktop',
    mediaUrl: (kind, photoId) => host.mediaUrl(kind, photoId),
    chooseFolder: () => host.chooseFolder(),
    pathForFile: (file) => host.pathForFile(file) || null,
    onMenuCommand: (listener) => host.onMenuCommand(listener),
    showInFolder: (photoId) => host.showInFolder(photoId),
    listen: (event, handler) => api.listen(event, handler),
    // The services live in this app: the window is never cut off from them.
    onConnection: () => () => {},
    libraryLocation: () => host.libraryLocation(),
    chooseLibrary: () => host.chooseLibrary(),
    useDefaultLibrary: () => host.useDefaultLibrary(),
  };
}
