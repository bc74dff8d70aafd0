/** The contract over `lumen serve`: POST /api/<method> with `{ arg }`, photos under /media. */
import { lumenApiOver, type ApiCall } from '../../../src-common/api-callers';
import type { LumenApi, LumenMethod } from '../../../src-common/contract';
import { err, type Result } from '../../../src-common/result';
import { EventConnection } from './event-connection';
import type { LumenClient } from './lumen-client';

/** What a call answers while the server cannot be reached; the connection bar says the rest. */
export const SERVER_UNREACHABLE = "Lumen's server cannot be reached.";

async function post(base: string, method: string, arg: unknown, unreachable: () => void): Promise<Result<unknown>> {
  try {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ arg }),
      credentials: 'same-origin',
    });
    const body = (await response.json()) as Result<unknown>;
    return body;
  } catch {
    unreachable();
    // The browser's reason ("Failed to fetch") says nothing more to a person than this.
    return err('offline', SERVER_UNREACHABLE);
  }
}

/** True when the server takes our cookie, false when it refuses it (401), null when it cannot be reached. */
async function tokenAccepted(base: string): Promise<boolean | null> {
  try {
    const response = await fetch(`${base}/api/getIndexing`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    });
    return response.status !== 401;
  } catch {
    return null;
  }
}

export function createHttpClient(base = ''): LumenClient {
  const events = new EventConnection(base, () => tokenAccepted(base));
  // The server answers each method with that method's Result (the one dispatcher's handlers are typed so).
  const call: ApiCall = <M extends LumenMethod>(method: M, arg?: unknown) => post(base, method, arg, () => events.callFailed()) as ReturnType<LumenApi[M]>;
  const api = lumenApiOver(call);
  return {
    ...api,
    shell: 'browser',
    mediaUrl: (kind, photoId) => `${base}/media/${kind}/${photoId}`,
    chooseFolder: () => Promise.resolve(null),
    pathForFile: () => null,
    onMenuCommand: () => () => {},
    listen: (event, handler) => events.listen(event, handler),
    onConnection: (listener) => events.onConnection(listener),
    // The server's --library fixed the library; the window cannot move it.
    libraryLocation: () => Promise.resolve(null),
    chooseLibrary: () => Promise.resolve(false),
    useDefaultLibrary: () => Promise.resolve(),
  };
}
