/**
 * Entry of the utility process that owns the library: database, vector index, indexer and search.
 * The main process stays free for the window; this process answers its calls (remote-dispatch.ts).
 * Decoding and inference run in the indexer's own worker processes below this one.
 */
import { createApiDispatcher, lazySession } from '../node/api/api-handlers';
import { answerRequests, type MessageLink } from '../node/api/remote-dispatch';
import { sendEvents } from '../node/api/remote-events';
import { defaultLibraryDir } from '../node/app-paths';
import { LumenServices } from '../node/lumen-services';
import { openFileLogger } from '../node/logging/file-logger';
import { logFailure } from '../node/logging/logger';
import { probeProvidersOnce } from '../node/model/provider-probe';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('services-process must run as an Electron utility process');

const link: MessageLink = {
  send: (message) => parentPort.postMessage(message),
  onMessage: (listener) => {
    const relay = (event: { data: unknown }): void => listener(event.data);
    parentPort.on('message', relay);
    return () => parentPort.off('message', relay);
  },
};

const libraryDir = process.env['LUMEN_LIBRARY'] ?? defaultLibraryDir();
const session = lazySession(() => LumenServices.open({ libraryDir, processName: 'app' }));
answerRequests(link, createApiDispatcher(session), async () => (await session()).files);
sendEvents(link, session.events);
// Which GPU providers can start here is asked once, now, so Settings knows when it opens.
void probeProvidersOnce();

/** Main asks us to stop ({ shutdown: true }) when the app quits: finish saving, then exit. */
function stop(): void {
  // Closing logs each failure to the library's log itself; an open that failed has nothing to close,
  // and no log of its own open: its reason is written here (the window was told it already).
  void session()
    .then((s) => s.dispose())
    .catch((error: unknown) => {
      const log = openFileLogger(libraryDir, { process: 'app' });
      logFailure(log.logger.child({ service: 'services-process' }), error, 'the library could not be opened or closed');
      log.close();
    })
    .finally(() => process.exit(0));
}
link.onMessage((message) => {
  if (typeof message === 'object' && message !== null && (message as { shutdown?: unknown }).shutdown === true) stop();
});
process.once('SIGTERM', stop);
