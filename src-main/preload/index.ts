/**
 * Exposes the narrow, typed `window.lumen` (never raw ipcRenderer), one function per contract
 * method, and `window.lumenHost` for what only the desktop shell can do: paths of files dropped
 * from the OS (sandboxed renderers cannot see them; webUtils can), the folder picker, menu commands,
 * and where the library is (choosing another relaunches the app).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { lumenChannel, type LumenApi, type LumenMethod } from '../../src-common/contract';
import { HOST_CHANNELS, MENU_COMMANDS, type LibraryLocation, type LumenHost, type MenuCommand } from '../../src-common/lumen-host';

/** The main process answers each channel with that method's Result (ipc-handlers.ts). */
const call = (method: LumenMethod, arg?: unknown) => ipcRenderer.invoke(lumenChannel(method), arg);

// Written out, not built from a list and cast: a method missing here does not compile.
const lumen: LumenApi = {
  getStatus: () => call('getStatus'),
  search: (request) => call('search', request),
  listPhotos: (request) => call('listPhotos', request),
  getPhoto: (photoId) => call('getPhoto', photoId),
  addFolder: (path) => call('addFolder', path),
  removeFolder: (path) => call('removeFolder', path),
  reindexAll: () => call('reindexAll'),
  retryFailedFiles: () => call('retryFailedFiles'),
  getIndexing: () => call('getIndexing'),
  controlIndexing: (action) => call('controlIndexing', action),
  listTags: () => call('listTags'),
  addTag: (request) => call('addTag', request),
  renameTag: (request) => call('renameTag', request),
  deleteTag: (name) => call('deleteTag', name),
  tagPhotos: (request) => call('tagPhotos', request),
  startTagRun: (request) => call('startTagRun', request),
  getTagRun: () => call('getTagRun'),
  cancelTagRun: () => call('cancelTagRun'),
  listSuggestions: (tag) => call('listSuggestions', tag),
  decideSuggestions: (request) => call('decideSuggestions', request),
  listCategorySets: () => call('listCategorySets'),
  addCategory: (request) => call('addCategory', request),
  classifyFiles: (request) => call('classifyFiles', request),
  classifyImage: (request) => call('classifyImage', request),
  undoLast: () => call('undoLast'),
  listModels: () => call('listModels'),
  useModel: (id) => call('useModel', id),
  addModel: (folder) => call('addModel', folder),
  getDevice: () => call('getDevice'),
  setDevice: (choice) => call('setDevice', choice),
};

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
