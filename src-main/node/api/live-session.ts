/**
 * The one open library of a window (desktop or `lumen serve`): its services, opened on first use,
 * which the Settings page can reopen — on another model or device — when nothing is running.
 */
import type { LumenServices } from '../lumen-services';
import { errorFields } from '../logging/logger';
import { AppSession } from './app-session';
import { LumenEventHub } from '../../../src-common/contract-events';

/** How handlers reach the session; `reload` is absent where the services cannot be reopened in place. */
export interface SessionSource {
  (): Promise<AppSession>;
  /** Disposes the current services and opens them again from the library's settings. */
  reload?: () => Promise<AppSession>;
}

/**
 * `open(reopening)` opens the services; on a reopen it should leave out one-off overrides of the
 * library's settings (`--model`, `--device`), since the window just changed those settings.
 */
export function liveSession(
  open: (reopening: boolean) => Promise<LumenServices>,
): SessionSource & { reload: () => Promise<AppSession>; dispose: () => Promise<void>; events: LumenEventHub } {
  let current: Promise<AppSession> | null = null;
  let active: AppSession | null = null;
  // One hub for every session it opens: the window's listeners outlive a reopen on another model.
  const events = new LumenEventHub((error, event) => active?.services.logger.warn(errorFields(error, { event }), 'an event listener failed'));

  const start = (reopening: boolean): Promise<AppSession> => {
    const opening = open(reopening).then((services) => {
      const session: AppSession = new AppSession(services, () => finishSwitch(session), events);
      active = session;
      if (reopening) events.fire('libraryChanged', { reason: 'reopened' });
      return session;
    });
    // A failed open is not kept: the next call tries again (its failure goes to whoever awaits `opening`).
    opening.catch(() => {
      if (current === opening) current = null;
    });
    return opening;
  };

  const reload = (): Promise<AppSession> => {
    const previous = current;
    active = null;
    current = (async () => {
      // A previous open that failed was answered to its caller already; closing logs its own failures.
      if (previous)
        await previous.then(
          (s) => s.dispose(),
          () => undefined,
        );
      return start(true);
    })();
    return current;
  };

  /**
   * After a model switch the previous model serves until every photo has a vector for the new
   * image tower; once indexing has made them all, reopen so the chosen model serves.
   */
  const finishSwitch = (session: AppSession): void => {
    const { services } = session;
    if (session !== active || !services.serving.previous || session.busy) return;
    if (services.embeddings.countEmbeddings(services.towerRowId) < services.photos.countPhotos()) return;
    // Later than the indexing run's own bookkeeping, which calls this before it has finished.
    setImmediate(() => {
      // The previous model keeps serving until the next open; the reason is in the log.
      if (session === active && !session.busy) {
        void reload().catch((error: unknown) =>
          services.logger.warn(errorFields(error), 'reopening with the chosen model after its vectors were complete failed'),
        );
      }
    });
  };

  const get = (): Promise<AppSession> => (current ??= start(false));
  return Object.assign(get, {
    events,
    reload,
    dispose: async () => {
      const last = current;
      current = null;
      active = null;
      // As in reload: a failed open was answered to its caller; closing logs its own failures.
      if (last)
        await last.then(
          (s) => s.dispose(),
          () => undefined,
        );
    },
  });
}
