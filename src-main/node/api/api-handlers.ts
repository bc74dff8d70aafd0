/**
 * The contract's methods over the services, behind the one validated dispatcher
 * (src-common/validated-dispatcher.ts): every argument is parsed by its schema, every failure becomes
 * a `Result` error with a stable code. The Electron IPC handlers, the HTTP server and the CLI all
 * call it, so they cannot drift apart.
 */
import type { LumenError } from '../../../src-common/result';
import { describeCaught, LumenFailure } from '../../../src-common/result';
import { createValidatedDispatcher, type ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { asStorageFailure } from '../library/storage-failure';
import { logFailure } from '../logging/logger';
import type { LumenServices } from '../lumen-services';
import { browseHandlers } from './browse-handlers';
import { historyHandlers } from './history-handlers';
import { libraryViewHandlers } from './library-view-handlers';
import { liveSession, type SessionSource } from './live-session';
import { organizeHandlers } from './organize-handlers';
import { settingsHandlers } from './settings-handlers';

export type { ApiDispatcher } from '../../../src-common/validated-dispatcher';
export { isLumenMethod } from '../../../src-common/validated-dispatcher';

/**
 * SQLite's and Node's bare codes (SQLITE_BUSY, ENOSPC) become Lumen's sentences; anything else
 * unforeseen is logged with its stack and answered with the plain sentence, never its own text.
 */
export function failureDescriber(session: SessionSource): (caught: unknown) => LumenError {
  return (caught) => {
    const error = asStorageFailure(caught, 'the library database');
    if (!(error instanceof LumenFailure)) {
      session().then(
        (opened) => logFailure(opened.services.logger, error, 'a contract call failed unexpectedly'),
        // No services means no log file to write to; the caller still gets the sentence.
        () => undefined,
      );
    }
    return describeCaught(error);
  };
}

export function createApiDispatcher(session: SessionSource): ApiDispatcher {
  const describeFailure = failureDescriber(session);
  return createValidatedDispatcher(
    {
      getStatus: async () => (await session()).services.status(true),
      search: async (request) => (await session()).services.search.search(request),
      listPhotos: async (request) => (await session()).browser.page(request),
      getPhoto: async (id) => (await session()).browser.details(id),
      addFolder: async (path) => (await session()).addFolder(path),
      removeFolder: async (path) => (await session()).removeFolder(path),
      reindexAll: async () => (await session()).reindexAll(),
      retryFailedFiles: async () => (await session()).reindexAll({ retryErrors: true }),
      getIndexing: async () => (await session()).indexing.state(),
      controlIndexing: async (action) => (await session()).indexing.control(action),
      ...browseHandlers(session),
      ...historyHandlers(session),
      ...libraryViewHandlers(session),
      ...organizeHandlers(session),
      ...settingsHandlers(session),
    },
    describeFailure,
  );
}

/** Opens the services on first use, for both transports; the Settings page may reopen them (live-session.ts). */
export function lazySession(open: () => Promise<LumenServices>): ReturnType<typeof liveSession> {
  return liveSession(() => open());
}
