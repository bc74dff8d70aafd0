/**
 * Exposes the narrow, typed `window.lumen` (never raw ipcRenderer), one function per contract
 * method, and `window.lumenHost` for what only the desktop shell can do: paths of files dropped
 * from the OS (sandboxed renderers cannot see them; webUtils can), the folder picker, menu commands,
 * and where the library is (choosing another relaunches the app).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { LUMEN_METHODS, type LumenApi } from '../../src-common/contract';
import { MENU_COMMANDS, type LibraryLocation, type LumenHost, type MenuCommand } from '../../src-common/lumen-host';

const calls = Object.fromEntries(LUMEN_METHODS.map((method) => [method, (arg?: unknown) => ipcRenderer.invoke(`lumen:${method}`, arg)]));
// Every key of LumenApi is in LUMEN_METHODS (typed as such), and every call answers a Result.
const lumen = calls as unknown as LumenApi;

const host: LumenHost = {
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  mediaUrl: (kind, photoId) => `lumen://media/${kind}/${photoId}`,
  chooseFolder: async () => {
    const chosen: unknown = await ipcRenderer.invoke('host:chooseFolder');
    return typeof chosen === 'string' ? chosen : null;
  },
  libraryLocation: async () => (await ipcRenderer.invoke('host:libraryLocation')) as LibraryLocation,
  chooseLibrary: async () => (await ipcRenderer.invoke('host:chooseLibrary')) === true,
  useDefaultLibrary: async () => {
    await ipcRenderer.invoke('host:useDefaultLibrary');
  },
  onMenuCommand: (listener) => {
    const relay = (_event: IpcRendererEvent, command: unknown): void => {
      const known = MENU_COMMANDS.find((c): c is MenuCommand => c === command);
      if (known) listener(known);
    };
    ipcRenderer.on('host:menu', relay);
    return () => ipcRenderer.off('host:menu', relay);
  },
};

contextBridge.exposeInMainWorld('lumen', lumen);
contextBridge.exposeInMainWorld('lumenHost', host);
