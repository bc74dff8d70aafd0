import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LumenFailure } from '../../../../src-common/result';
import { createApiDispatcher } from '../../api/api-handlers';
import { liveSession } from '../../api/live-session';
import { probeProvidersOnce } from '../../model/provider-probe';
import type { LumenServices } from '../../lumen-services';
import { packageRoot } from '../../resource-paths';
import { startLumenServer, type LumenServerOptions, type RunningServer } from '../../server/lumen-server';
import { loadServeIdentity, saveServeIdentity } from '../../server/serve-identity';
import type { CliIo } from '../cli-io';
import { DEFAULT_SERVE_PORT, type ServeOptions } from '../serve-options';

export function builtRendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}

/** Why the server could not listen, as a sentence naming the option that fixes it; other errors pass. */
function listenFailure(error: unknown, options: ServeOptions, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `port ${port} on ${options.host}`;
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
 * Listens where asked; without --port, on the port this library had last time (an open window's
 * address), else the default, and when another program holds that one, on any free port, saying
 * that a window open at the old address cannot follow.
 */
async function listen(serverOptions: LumenServerOptions, options: ServeOptions, lastPort: number | null, io: CliIo): Promise<RunningServer> {
  const preferred = options.port ?? lastPort ?? DEFAULT_SERVE_PORT;
  try {
    return await startLumenServer({ ...serverOptions, port: preferred });
  } catch (error) {
    const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (options.port !== null || !taken) throw listenFailure(error, options, preferred);
  }
  const server = await startLumenServer({ ...serverOptions, port: 0 }).catch((error: unknown) => {
    throw listenFailure(error, options, 0);
  });
  const why = lastPort === preferred ? `, where this library was served last time,` : '';
  const follow = lastPort === preferred ? ' A window still open at the old address cannot reconnect to it: open the new address below.' : '';
  io.out(`Port ${preferred}${why} is in use by another program, so Lumen is serving on port ${server.port} instead.${follow}\n`);
  return server;
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
  const identity = await loadServeIdentity(services.libraryDir, { newToken: options.newToken });
  if (identity.replacedBecause) io.out(`${identity.replacedBecause}: windows opened before must open the new address.\n`);
  // Which GPU providers can start here is asked once, now, so Settings knows when it opens.
  void probeProvidersOnce();
  const serverOptions: LumenServerOptions = {
    dispatch: createApiDispatcher(session),
    files: async () => (await live()).files,
    rendererDir,
    host: options.host,
    token: identity.token,
    logger: services.logger.child({ service: 'server' }),
    events: live.events,
  };
  const server = await listen(serverOptions, options, identity.port, io);
  try {
    await saveServeIdentity(services.libraryDir, { token: identity.token, port: server.port });
  } catch (error) {
    await server.close();
    throw error;
  }
  io.out(`Lumen is serving ${services.libraryDir}\nOpen ${server.url}\n`);
  io.out('The address holds a secret token: anyone with it can see and move your photos, so share it with no one.\n');
  io.out('The token and port stay the same when lumen serve starts again for this library, so an open window reconnects; --new-token replaces the token.\n');
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await (stop ? Promise.race([stop, interrupted]) : interrupted);
  await server.close();
  // Stops indexing and auto-tagging and closes the services (the caller's dispose of `services` is then a no-op).
  await live.dispose();
  return 0;
}
