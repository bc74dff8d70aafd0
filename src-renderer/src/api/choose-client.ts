import type { LumenApi } from '../../../src-common/contract';
import type { LumenEventSource } from '../../../src-common/contract-events';
import type { LumenHost } from '../../../src-common/lumen-host';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';
import type { LumenClient } from './lumen-client';

/** IPC inside Electron (the preload defined `window.lumen`), HTTP in a browser. */
export function chooseClient(): LumenClient {
  const scope = window as Window & { lumen?: LumenApi & LumenEventSource; lumenHost?: LumenHost };
  if (scope.lumen && scope.lumenHost) return createIpcClient(scope.lumen, scope.lumenHost);
  return createHttpClient();
}
