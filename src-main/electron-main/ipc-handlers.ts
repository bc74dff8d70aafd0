import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { LumenMethod } from '../../src-common/contract';
import { err, LumenFailure, ok, type Result } from '../../src-common/result';
import { validateSearchRequest } from '../../src-common/validate';
import type { LumenServices } from '../node/lumen-services';

export const IPC_PREFIX = 'lumen:';

function toResult<T>(work: () => Promise<T> | T): Promise<Result<T>> {
  return Promise.resolve()
    .then(work)
    .then(
      (value) => ok(value),
      (error: unknown) => err(error instanceof LumenFailure ? error.code : 'internal-error', (error as Error).message),
    );
}

/**
 * One handler per contract method. Every call checks that it comes from our own window's main frame
 * and validates its argument before touching a service.
 */
export function registerIpcHandlers(services: () => Promise<LumenServices>, trusted: () => WebContents | null): () => void {
  const handlers: Record<LumenMethod, (arg: unknown) => Promise<Result<unknown>>> = {
    getStatus: () => toResult(async () => (await services()).status(true)),
    search: async (arg) => {
      const request = validateSearchRequest(arg);
      if (!request.ok) return request;
      return toResult(async () => (await services()).search.search(request.value));
    },
  };
  const methods = Object.keys(handlers) as LumenMethod[];
  for (const method of methods) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, (event: IpcMainInvokeEvent, arg: unknown) => {
      const window = trusted();
      if (!window || event.sender !== window || event.senderFrame !== window.mainFrame) {
        return err('forbidden', 'call from an untrusted frame');
      }
      return handlers[method](arg);
    });
  }
  return () => methods.forEach((method) => ipcMain.removeHandler(`${IPC_PREFIX}${method}`));
}
