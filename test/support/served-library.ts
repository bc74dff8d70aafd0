/**
 * The real HTTP server (`lumen serve`'s, in this process) over a new library, on a free loopback port
 * with its own token, serving a one-line page as the window: for tests of what the server answers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiDispatcher } from '../../src-main/node/api/api-handlers';
import { AppSession } from '../../src-main/node/api/app-session';
import { LumenServices } from '../../src-main/node/lumen-services';
import { startLumenServer, type RunningServer } from '../../src-main/node/server/lumen-server';

export interface ServedLibrary {
  session: AppSession;
  server: RunningServer;
}

/** Opens a library in `base`/library and serves it, with the window's page in `base`/renderer. */
export async function serveNewLibrary(base: string): Promise<ServedLibrary> {
  const rendererDir = join(base, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lumen</title>');
  const session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library') }));
  const server = await startLumenServer({
    dispatch: createApiDispatcher(() => Promise.resolve(session)),
    files: () => Promise.resolve(session.files),
    rendererDir,
  });
  return { session, server };
}
