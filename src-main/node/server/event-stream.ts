/**
 * GET /events: the contract's events as Server-Sent Events, for the window under `lumen serve`.
 * Each event is `event: <name>` with its payload as JSON; a comment line every `heartbeatMs` keeps
 * proxies and the browser from timing the stream out and lets a dead connection be noticed. At most
 * `maxClients` streams are open at once (each holds a socket for as long as a window is open).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LumenEventHub, LumenEventName, LumenEvents } from '../../../src-common/contract-events';

export interface EventStreamLimits {
  maxClients: number;
  heartbeatMs: number;
  /** Bytes a stream may have waiting for a client that does not read; past it the stream is ended (the window reconnects and re-reads its state). */
  maxBufferedBytes: number;
}

export const DEFAULT_EVENT_STREAM_LIMITS: EventStreamLimits = { maxClients: 16, heartbeatMs: 15_000, maxBufferedBytes: 1024 * 1024 };

/** How long the browser waits before reconnecting after the stream drops (EventSource's `retry`). */
const RECONNECT_MS = 1_000;

export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly events: Pick<LumenEventHub, 'listenAll'>,
    private readonly limits: EventStreamLimits,
  ) {}

  get clientCount(): number {
    return this.open.size;
  }

  /** False when the stream was refused (too many open): the caller answers 503. */
  accept(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.open.size >= this.limits.maxClients) return false;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write(`retry: ${RECONNECT_MS}\n\n`);
    this.open.add(response);
    const send = <E extends LumenEventName>(event: E, payload: LumenEvents[E]): void => {
      if (response.writableLength > this.limits.maxBufferedBytes) {
        response.end();
        return;
      }
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    const stopListening = this.events.listenAll(send);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), this.limits.heartbeatMs);
    const close = (): void => {
      clearInterval(heartbeat);
      stopListening();
      this.open.delete(response);
    };
    request.once('close', close);
    response.once('close', close);
    return true;
  }

  /** Ends every stream (the server is closing). */
  closeAll(): void {
    for (const response of [...this.open]) response.end();
  }
}
