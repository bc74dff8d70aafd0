import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LumenFailure } from '../../../../src-common/result';
import { createApiDispatcher } from '../../api/api-handlers';
import { AppSession } from '../../api/app-session';
import type { LumenServices } from '../../lumen-services';
import { packageRoot } from '../../resource-paths';
import { startLumenServer } from '../../server/lumen-server';
import type { CliIo } from '../cli-io';
import type { ServeOptions } from '../serve-options';

export function builtRendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}

/** Serves the window over HTTP until Ctrl-C (or `stop` resolves, for tests). */
export async function runServeCommand(services: LumenServices, options: ServeOptions, io: CliIo, stop?: Promise<void>): Promise<number> {
  const rendererDir = builtRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new LumenFailure('missing-build', `the window is not built (${rendererDir}); run \`npm run build\` first`);
  }
  const session = new AppSession(services);
  const server = await startLumenServer({
    dispatch: createApiDispatcher(() => Promise.resolve(session)),
    files: () => Promise.resolve(session.files),
    rendererDir,
    host: options.host,
    port: options.port,
  });
  io.out(`Lumen is serving ${services.libraryDir}\nOpen ${server.url}\n`);
  if (server.token) io.out('Anyone with this address can see your photos: share it only with yourself.\n');
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await (stop ? Promise.race([stop, interrupted]) : interrupted);
  await server.close();
  session.indexing.control('cancel');
  await session.indexing.idle();
  return 0;
}
