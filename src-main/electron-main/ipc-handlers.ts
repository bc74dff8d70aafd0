import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { LUMEN_METHODS, lumenChannel } from '../../src-common/contract';
import { err, type Result } from '../../src-common/result';
import type { ApiDispatcher } from '../../src-common/validated-dispatcher';
import { guardedHandler } from './sender-check';

/**
 * One handler per contract method, on the channel contract.ts names. The sender is checked like
 * every host handler's (guardedHandler); the argument is validated by the dispatcher, which the
 * HTTP server and the CLI share.
 */
export function registerIpcHandlers(dispatch: ApiDispatcher, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const method of LUMEN_METHODS) {
    ipcMain.handle(
      lumenChannel(method),
      guardedHandler(
        isTrusted,
        (): Result<unknown> => err('forbidden', 'call from an untrusted frame'),
        (_event, arg) => dispatch(method, arg),
      ),
    );
  }
  return () => LUMEN_METHODS.forEach((method) => ipcMain.removeHandler(lumenChannel(method)));
}
