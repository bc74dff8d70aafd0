/**
 * The contract's methods as one transport-free dispatcher: every argument is validated, every
 * failure becomes a `Result` error with a stable code. The Electron IPC handlers and the HTTP
 * server both call it, so they cannot drift apart.
 */
import type { LumenMethod } from '../../../src-common/contract';
import { LUMEN_METHODS } from '../../../src-common/contract';
import { err, LumenFailure, ok, type Result } from '../../../src-common/result';
import { validateSearchRequest } from '../../../src-common/validate';
import {
  validateFolderPath,
  validateIndexingAction,
  validateNoArgument,
  validatePhotoId,
  validatePhotoPageRequest,
} from '../../../src-common/validate-app';
import { asStorageFailure } from '../library/storage-failure';
import type { LumenServices } from '../lumen-services';
import { liveSession, type SessionSource } from './live-session';
import { organizeHandlers } from './organize-handlers';
import { settingsHandlers } from './settings-handlers';

export type ApiDispatcher = (method: string, arg: unknown) => Promise<Result<unknown>>;

async function toResult<T>(work: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (caught) {
    // SQLite's and Node's bare codes (SQLITE_BUSY, ENOSPC) never reach the window as they are.
    const error = asStorageFailure(caught, 'the library database');
    if (error instanceof LumenFailure) return err(error.code, error.message);
    return err('internal-error', (error as Error).message);
  }
}

/** Validates with `check`, then runs `work` on the valid value. */
function checked<A, T>(check: (arg: unknown) => Result<A>, work: (value: A) => Promise<T> | T): (arg: unknown) => Promise<Result<T>> {
  return async (arg) => {
    const valid = check(arg);
    if (!valid.ok) return valid;
    return toResult(() => work(valid.value));
  };
}

export function isLumenMethod(method: string): method is LumenMethod {
  return (LUMEN_METHODS as readonly string[]).includes(method);
}

export function createApiDispatcher(session: SessionSource): ApiDispatcher {
  const handlers: Record<LumenMethod, (arg: unknown) => Promise<Result<unknown>>> = {
    getStatus: checked(validateNoArgument, async () => (await session()).services.status(true)),
    search: checked(validateSearchRequest, async (request) => (await session()).services.search.search(request)),
    listPhotos: checked(validatePhotoPageRequest, async (request) => (await session()).browser.page(request)),
    getPhoto: checked(validatePhotoId, async (id) => (await session()).browser.details(id)),
    addFolder: checked(validateFolderPath, async (path) => (await session()).addFolder(path)),
    removeFolder: checked(validateFolderPath, async (path) => (await session()).removeFolder(path)),
    reindexAll: checked(validateNoArgument, async () => (await session()).reindexAll()),
    retryFailedFiles: checked(validateNoArgument, async () => (await session()).reindexAll({ retryErrors: true })),
    getIndexing: checked(validateNoArgument, async () => (await session()).indexing.state()),
    controlIndexing: checked(validateIndexingAction, async (action) => (await session()).indexing.control(action)),
    ...organizeHandlers(session, checked),
    ...settingsHandlers(session, checked),
  };
  return async (method, arg) => {
    if (!isLumenMethod(method)) return err('unknown-method', `no such call: ${method.slice(0, 64)}`);
    return handlers[method](arg);
  };
}

/** Opens the services on first use, for both transports; the Settings page may reopen them (live-session.ts). */
export function lazySession(open: () => Promise<LumenServices>): ReturnType<typeof liveSession> {
  return liveSession(() => open());
}
