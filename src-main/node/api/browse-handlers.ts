/**
 * Handlers of the window's timeline calls (contract-browse.ts) over the session's PhotoBrowser.
 * Part of the one dispatcher (api-handlers.ts).
 */
import type { BrowseApi } from '../../../src-common/contract-browse';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import type { AppSession } from './app-session';

export function browseHandlers(session: () => Promise<AppSession>): Pick<ApiHandlers, keyof BrowseApi> {
  return {
    listPhotoDays: async (request) => (await session()).browser.days(request),
  };
}
