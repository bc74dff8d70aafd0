/**
 * Exposes the narrow, typed `window.lumen` (never raw ipcRenderer), one function per contract
 * method, and `window.lumenHost` for what only the desktop shell can do: paths of files dropped
 * from the OS (sandboxed renderers cannot see them; webUtils can), the folder picker, menu commands,
 * and where the library is (choosing another relaunches the app).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { lumenApiOver, type ApiCall } from '../../src-common/api-callers';
import { lumenChannel, type LumenApi, type LumenMethod } from '../../src-common/contract';
import { LUMEN_EVENT_CHANNEL, type LumenEventSource } from '../../src-common/contract-events';
import { HOST_CHANNELS, MENU_COMMANDS, type LibraryLocation, type LumenHost, type MenuCommand } from '../../src-common/lumen-host';

// The main process answers each channel with that method's Result (ipc-handlers.ts).
const call: ApiCall = <M extends LumenMethod>(method: M, arg?: unknown) => ipcRenderer.invoke(lumenChannel(method), arg) as ReturnType<LumenApi[M]>;
/** The contract's events: only the one channel, only to a handler for the event it asked for. */
const events: LumenEventSource = {
  listen: (event, handler) => {
    const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) handler(payload as Parameters<typeof handler>[0]);
    };
    ipcRenderer.on(LUMEN_EVENT_CHANNEL, relay);
    return () => ipcRenderer.off(LUMEN_EVENT_CHANNEL, relay);
  },
};
const lumen: LumenApi & LumenEventSource = { ...lumenApiOver(call), ...events };

const host: LumenHost = {
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  mediaUrl: (kind, photoId) => `lumen://media/${kind}/${photoId}`,
  chooseFolder: async () => {
    const chosen: unknown = await ipcRenderer.invoke(HOST_CHANNELS.chooseFolder);
    return typeof chosen === 'string' ? chosen : null;
  },
  libraryLocation: async () => (await ipcRenderer.invoke(HOST_CHANNELS.libraryLocation)) as LibraryLocation,
  chooseLibrary: async () => (await ipcRenderer.invoke(HOST_CHANNELS.chooseLibrary)) === true,
  useDefaultLibrary: async () => {
    await ipcRenderer.invoke(HOST_CHANNELS.useDefaultLibrary);
  },
  showInFolder: async (photoId) => (await ipcRenderer.invoke(HOST_CHANNELS.showInFolder, photoId)) === true,
  onMenuCommand: (listener) => {
    const relay = (_event: IpcRendererEvent, command: unknown): void => {
      const known = MENU_COMMANDS.find((c): c is MenuCommand => c === command);
      if (known) listener(known);
    };
    ipcRenderer.on(HOST_CHANNELS.menu, relay);
    return () => ipcRenderer.off(HOST_CHANNELS.menu, relay);
  },
};

contextBridge.exposeInMainWorld('lumen', lumen);
contextBridge.exposeInMainWorld('lumenHost', host);
