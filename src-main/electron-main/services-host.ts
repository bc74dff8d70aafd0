/** Starts the services' utility process and links it to the main process (remote-dispatch.ts). */
import { utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { RemoteSession, type MessageLink } from '../node/api/remote-dispatch';
import { onRemoteEvents } from '../node/api/remote-events';
import type { LumenEventName } from '../../src-common/contract-events';
import type { Logger } from '../node/logging/logger';

export interface ServicesHost {
  session: RemoteSession;
  /** The services' events (progress, library changes, errors), for the window. */
  onEvent(listener: (event: LumenEventName, payload: unknown) => void): () => void;
  /** Asks the process to save and exit; resolves when it has. */
  stop(): Promise<void>;
}

/** `logger`: the main process's log, where the services process's unexpected exit is written. */
export function startServicesProcess(mainDir: string, libraryDir: string, logger: Logger): ServicesHost {
  const child: UtilityProcess = utilityProcess.fork(join(mainDir, 'services-process.js'), [], {
    serviceName: 'Lumen library',
    env: { ...process.env, LUMEN_LIBRARY: libraryDir },
    stdio: 'inherit',
  });
  const link: MessageLink = {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
  };
  const session = new RemoteSession(link);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      if (code !== 0) logger.error({ code, libraryDir }, 'the library process stopped unexpectedly');
      session.fail(`the library process stopped (exit code ${code})`);
      resolve();
    }),
  );
  return {
    session,
    onEvent: (listener) => onRemoteEvents(link, listener),
    stop: async () => {
      if (exited) return;
      child.postMessage({ shutdown: true });
      await exit;
    },
  };
}
