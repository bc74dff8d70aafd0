import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LumenFailure } from '../../../../src-common/result';
import { createApiDispatcher } from '../../api/api-handlers';
import { liveSession } from '../../api/live-session';
import type { LumenServices } from '../../lumen-services';
import { packageRoot } from '../../resource-paths';
import { startLumenServer } from '../../server/lumen-server';
import type { CliIo } from '../cli-io';
import type { ServeOptions } from '../serve-options';

export function builtRendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}

/** Why the server could not listen, as a sentence naming the option that fixes it; other errors pass. */
function listenFailure(error: unknown, options: ServeOptions): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `port ${options.port} on ${options.host}`;
  if (code === 'EADDRINUSE') {
    return new LumenFailure('port-in-use', `${where} is already in use by another program. Pick another with --port <number>, or --port 0 for any free port.`);
  }
  if (code === 'EACCES') {
    return new LumenFailure(
      'port-not-allowed',
      `this user may not listen on ${where} (ports below 1024 need administrator rights). Pick another with --port <number>, or --port 0 for any free port.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new LumenFailure(
      'host-unavailable',
      `--host ${options.host} is not an address of this computer. Leave --host out for 127.0.0.1, or give one of this computer's addresses.`,
    );
  }
  return error;
}

/**
 * Serves the window over HTTP until Ctrl-C (or `stop` resolves, for tests). With `reopen`, the
 * window's Settings can switch models and devices live (the services are opened again from the
 * library's settings); without it such changes are saved for the next start.
 */
export async function runServeCommand(
  services: LumenServices,
  options: ServeOptions,
  io: CliIo,
  stop?: Promise<void>,
  reopen?: () => Promise<LumenServices>,
): Promise<number> {
  const rendererDir = builtRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new LumenFailure('missing-build', `the window is not built (${rendererDir}); run \`npm run build\` first`);
  }
  const live = liveSession((reopening) => (reopening && reopen ? reopen() : Promise.resolve(services)));
  const session = reopen ? live : Object.assign(() => live(), {});
  const server = await startLumenServer({
    dispatch: createApiDispatcher(session),
    files: async () => (await live()).files,
    rendererDir,
    host: options.host,
    port: options.port,
    logger: services.logger.child({ service: 'server' }),
    events: live.events,
  }).catch((error: unknown) => {
    throw listenFailure(error, options);
  });
  io.out(`Lumen is serving ${services.libraryDir}\nOpen ${server.url}\n`);
  io.out('The address holds a secret token: anyone with it can see and move your photos, so share it with no one.\n');
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await (stop ? Promise.race([stop, interrupted]) : interrupted);
  await server.close();
  // Stops indexing and auto-tagging and closes the services (the caller's dispose of `services` is then a no-op).
  await live.dispose();
  return 0;
}
