import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { LUMEN_METHODS } from '../../src-common/contract';
import { err, type Result } from '../../src-common/result';
import type { ApiDispatcher } from '../node/api/api-handlers';
import { isTrustedSender } from './sender-check';

export const IPC_PREFIX = 'lumen:';

/**
 * One handler per contract method. The sender is checked here; the argument is validated by the
 * dispatcher, which the HTTP server shares.
 */
export function registerIpcHandlers(dispatch: ApiDispatcher, trusted: () => WebContents | null, isOwnPage: (url: string) => boolean): () => void {
  for (const method of LUMEN_METHODS) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, (event: IpcMainInvokeEvent, arg: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, trusted(), isOwnPage)) return Promise.resolve(err('forbidden', 'call from an untrusted frame'));
      return dispatch(method, arg);
    });
  }
  return () => LUMEN_METHODS.forEach((method) => ipcMain.removeHandler(`${IPC_PREFIX}${method}`));
}
