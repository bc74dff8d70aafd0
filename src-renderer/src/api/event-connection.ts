/**
 * The window's events under `lumen serve`: one EventSource on GET /events shared by every listener.
 * The browser reconnects by itself while the server is away; when the stream is refused for good
 * (the server came back with a new token, so the cookie no longer opens it), the window is told to
 * open the new address. Reconnecting is announced as `online`, so the window re-reads its state.
 */
import { isLumenEventName, LUMEN_EVENT_NAMES, type LumenEventHandler, type LumenEventName } from '../../../src-common/contract-events';
import type { ConnectionState } from './lumen-client';

/** How long to wait before opening a stream the browser gave up on for another reason (the server was busy). */
const RETRY_CLOSED_MS = 5_000;

export class EventConnection {
  private source: EventSource | null = null;
  private readonly handlers = new Map<LumenEventName, Set<(payload: never) => void>>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = 'online';
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly base: string,
    /** Whether the server still takes our token (false: it restarted with another one). */
    private readonly tokenAccepted: () => Promise<boolean | null>,
  ) {}

  listen<E extends LumenEventName>(event: E, handler: LumenEventHandler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    this.open();
    return () => set.delete(handler);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    this.open();
    return () => this.connectionListeners.delete(listener);
  }

  /**
   * A call could not reach the server while the stream still looked open (a network gone without
   * the connection being closed, or the browser taken offline): the window is offline, and a new
   * stream, which the browser retries, says when the server answers again.
   */
  callFailed(): void {
    if (this.state !== 'online') return;
    this.setState('offline');
    this.source?.close();
    this.source = null;
    this.open();
  }

  private open(): void {
    if (this.source || this.retry || this.state === 'new-address') return;
    const source = new EventSource(`${this.base}/events`, { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => this.setState('online'));
    source.addEventListener('error', () => void this.lost(source));
    for (const name of LUMEN_EVENT_NAMES) {
      source.addEventListener(name, (message) => this.deliver(name, (message as MessageEvent<string>).data));
    }
  }

  private deliver(name: string, data: string): void {
    if (!isLumenEventName(name)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // Not from our server: nothing to tell anyone.
    }
    for (const handler of [...(this.handlers.get(name) ?? [])]) (handler as (payload: unknown) => void)(payload);
  }

  private async lost(source: EventSource): Promise<void> {
    this.setState('offline');
    if (source.readyState !== EventSource.CLOSED) return; // The browser is reconnecting by itself.
    // Refused for good (not a dropped connection): find out whether our token is still good.
    source.close();
    this.source = null;
    if ((await this.tokenAccepted()) === false) {
      this.setState('new-address');
      return;
    }
    this.retry = setTimeout(() => {
      this.retry = null;
      this.open();
    }, RETRY_CLOSED_MS);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.connectionListeners]) listener(state);
  }
}
