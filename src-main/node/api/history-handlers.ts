/** Handlers of the window's history calls (contract-history.ts), over the session's HistoryService. Part of the one dispatcher (api-handlers.ts). */
import type { HistoryApi } from '../../../src-common/contract-history';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import type { AppSession } from './app-session';

export function historyHandlers(session: () => Promise<AppSession>): Pick<ApiHandlers, keyof HistoryApi> {
  return {
    listHistory: async () => (await session()).history.list(),
    undoHistoryEntry: async ({ id }) => (await session()).undoHistory(id),
  };
}
