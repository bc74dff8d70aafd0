/**
 * The contract's events: what the services push to the window instead of being polled (VS Code's
 * channel shape: `call` for methods, `listen` for events). Typed once here; carried over Electron
 * IPC (`window.lumen.listen`) and Server-Sent Events under `lumen serve` (GET /events).
 */
import type { IndexingState } from './contract-app';
import type { TagRunState } from './contract-organize';
import type { ModelInstallState } from './contract-settings';
import type { LumenError } from './result';

export interface LumenEvents {
  /** Indexing's state after every change: a folder starts or ends, progress, pause, resume, cancel. */
  indexProgress: IndexingState;
  /** Auto-tagging's state after every change. */
  tagRunProgress: TagRunState;
  /** Photos or folders changed (a folder's run ended, the library was reopened on another model): re-read counts and the grid. */
  libraryChanged: { reason: 'indexed' | 'reopened' };
  /** A background operation failed; the sentence is for a person. */
  error: LumenError;
  /** A model install's progress (`installModel`): each file, the bytes so far, and how it ended. */
  modelInstall: ModelInstallState;
  /** The history changed: a change was recorded or undone (re-read it with `listHistory`). */
  historyChanged: { reason: 'recorded' | 'undone' | 'forgotten' };
}

export type LumenEventName = keyof LumenEvents;

/** Every event name, in one table that must name each of `LumenEvents` (it does not compile otherwise). */
const EVENT_TABLE = {
  indexProgress: true,
  tagRunProgress: true,
  libraryChanged: true,
  error: true,
  modelInstall: true,
  historyChanged: true,
} as const satisfies Record<LumenEventName, true>;
export const LUMEN_EVENT_NAMES = Object.keys(EVENT_TABLE) as LumenEventName[];

export function isLumenEventName(name: unknown): name is LumenEventName {
  return typeof name === 'string' && Object.hasOwn(EVENT_TABLE, name);
}

export type LumenEventHandler<E extends LumenEventName> = (payload: LumenEvents[E]) => void;

/** Where events come from; `listen` returns a function that stops listening. */
export interface LumenEventSource {
  listen<E extends LumenEventName>(event: E, handler: LumenEventHandler<E>): () => void;
}

/** The IPC channel that carries every event from the main process to the window. */
export const LUMEN_EVENT_CHANNEL = 'lumen:event';

/** Fires events to whoever listens; one per library session, kept across reopening the services. */
export class LumenEventHub implements LumenEventSource {
  private readonly handlers = new Map<LumenEventName, Set<(payload: never) => void>>();

  /** `onListenerError`: where a listener's throw goes (the log); the other listeners still hear the event. */
  constructor(private readonly onListenerError: (error: unknown, event: LumenEventName) => void) {}

  listen<E extends LumenEventName>(event: E, handler: LumenEventHandler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Every event, with its name (transports relay them all). */
  listenAll(handler: <E extends LumenEventName>(event: E, payload: LumenEvents[E]) => void): () => void {
    const stops = LUMEN_EVENT_NAMES.map((event) => this.listen(event, (payload) => handler(event, payload)));
    return () => stops.forEach((stop) => stop());
  }

  fire<E extends LumenEventName>(event: E, payload: LumenEvents[E]): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const handler of [...set] as Array<LumenEventHandler<E>>) {
      try {
        handler(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
