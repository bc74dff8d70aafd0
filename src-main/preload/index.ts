/** Exposes the narrow, typed `window.lumen` (never raw ipcRenderer) built from the one contract. */
import { contextBridge, ipcRenderer } from 'electron';
import type { LumenApi, SearchRequest } from '../../src-common/contract';

const lumen: LumenApi = {
  getStatus: () => ipcRenderer.invoke('lumen:getStatus'),
  search: (request: SearchRequest) => ipcRenderer.invoke('lumen:search', request),
};

contextBridge.exposeInMainWorld('lumen', lumen);
