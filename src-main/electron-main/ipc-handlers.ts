import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { LUMEN_METHODS, lumenChannel } from '../../src-common/contract';
import { CancellationTokenSource } from '../../src-common/cancellation';
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
        async (event, arg) => {
          // A window that closes cancels the long work of its calls (a classify batch, a download).
          const cancellation = new CancellationTokenSource();
          const cancel = (): void => cancellation.cancel();
          event.sender.once('destroyed', cancel);
          try {
            return await dispatch(method, arg, cancellation.token);
          } finally {
            event.sender.off('destroyed', cancel);
          }
        },
      ),
    );
  }
  return () => LUMEN_METHODS.forEach((method) => ipcMain.removeHandler(lumenChannel(method)));
}
