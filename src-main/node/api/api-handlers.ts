/**
 * The contract's methods over the services, behind the one validated dispatcher
 * (src-common/validated-dispatcher.ts): every argument is parsed by its schema, every failure becomes
 * a `Result` error with a stable code. The Electron IPC handlers, the HTTP server and the CLI all
 * call it, so they cannot drift apart.
 */
import type { LumenError } from '../../../src-common/result';
import { LumenFailure } from '../../../src-common/result';
import { createValidatedDispatcher, type ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { asStorageFailure } from '../library/storage-failure';
import type { LumenServices } from '../lumen-services';
import { liveSession, type SessionSource } from './live-session';
import { organizeHandlers } from './organize-handlers';
import { settingsHandlers } from './settings-handlers';

export type { ApiDispatcher } from '../../../src-common/validated-dispatcher';
export { isLumenMethod } from '../../../src-common/validated-dispatcher';

function describeFailure(caught: unknown): LumenError {
  // SQLite's and Node's bare codes (SQLITE_BUSY, ENOSPC) never reach the window as they are.
  const error = asStorageFailure(caught, 'the library database');
  if (error instanceof LumenFailure) return { code: error.code, message: error.message };
  return { code: 'internal-error', message: (error as Error).message };
}

export function createApiDispatcher(session: SessionSource): ApiDispatcher {
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
