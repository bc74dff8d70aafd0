/** The contract over `lumen serve`: POST /api/<method> with `{ arg }`, photos under /media. */
import { LUMEN_METHODS, type LumenApi } from '../../../src-common/contract';
import { err, type Result } from '../../../src-common/result';
import type { LumenClient } from './lumen-client';

async function post(base: string, method: string, arg: unknown): Promise<Result<unknown>> {
  try {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ arg }),
      credentials: 'same-origin',
    });
    const body = (await response.json()) as Result<unknown>;
    return body;
  } catch (error) {
    return err('offline', `Lumen's server cannot be reached (${(error as Error).message}). Is \`lumen serve\` still running?`);
  }
}

export function createHttpClient(base = ''): LumenClient {
  const calls = Object.fromEntries(LUMEN_METHODS.map((method) => [method, (arg?: unknown) => post(base, method, arg)]));
  // One generic caller per contract method; the server answers each with that method's Result.
  const api = calls as unknown as LumenApi;
  return {
    ...api,
    shell: 'browser',
    mediaUrl: (kind, photoId) => `${base}/media/${kind}/${photoId}`,
    chooseFolder: () => Promise.resolve(null),
    pathForFile: () => null,
    onMenuCommand: () => () => {},
    // The server's --library fixed the library; the window cannot move it.
    libraryLocation: () => Promise.resolve(null),
    chooseLibrary: () => Promise.resolve(false),
    useDefaultLibrary: () => Promise.resolve(),
  };
}
