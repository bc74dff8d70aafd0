/**
 * One typed request/response channel over any message transport, shaped like VS Code's
 * ChannelClient/ChannelServer: `call` (a method and its argument, answered once, with an optional
 * timeout and a cancellation token that reaches the server's handler) and `listen` (events the
 * server fires). The Electron main process and the services process, the embed worker and the
 * vector-rebuild worker all talk through it; their transports (a utility process, a MessagePort, a
 * forked child) are adapters in src-main/node/ipc. Plain data only: no runtime imports.
 */
import { CancellationTokenSource, type CancellationToken } from './cancellation';
import { describeCaught, err, LumenFailure, ok, type LumenError, type Result } from './result';

/** Sends plain (structured-clone) messages one way and hears the other way. */
export interface ChannelTransport {
  send(message: unknown): void;
  /** Returns a function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** A channel's methods: each one's argument and its answer. */
export type ChannelCalls = Record<string, { args: unknown; result: unknown }>;

/** What a server handles: each method's argument and the call's token in, its answer (or a thrown LumenFailure) out. */
export type ChannelHandlers<C extends ChannelCalls> = {
  [K in keyof C]: (args: C[K]['args'], token: CancellationToken) => Promise<C[K]['result']> | C[K]['result'];
};

type WireMessage =
  | { channel: 'call'; id: number; method: string; args: unknown }
  | { channel: 'cancel'; id: number }
  | { channel: 'reply'; id: number; result: Result<unknown> }
  | { channel: 'event'; event: string; payload: unknown };

function field(message: object, key: string): unknown {
  return (message as Record<string, unknown>)[key];
}

/** A message of the channel's wire format (anything else on a shared transport is left alone). */
export function isWireMessage(message: unknown): message is WireMessage {
  if (typeof message !== 'object' || message === null) return false;
  const kind = field(message, 'channel');
  if (kind === 'event') return typeof field(message, 'event') === 'string';
  if (typeof field(message, 'id') !== 'number') return false;
  if (kind === 'call') return typeof field(message, 'method') === 'string';
  if (kind === 'cancel') return true;
  if (kind !== 'reply') return false;
  const result = field(message, 'result');
  return typeof result === 'object' && result !== null && typeof field(result, 'ok') === 'boolean';
}

function spelledDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** An event as it crosses the wire; ChannelServer.fire sends these, and a host without a server (the services' event relay) may too. */
export function eventMessage(event: string, payload: unknown): unknown {
  return { channel: 'event', event, payload } satisfies WireMessage;
}

export interface CallOptions {
  /** Cancelling it sends a cancel to the server (its handler's token) and answers `cancelled` at once. */
  token?: CancellationToken;
  /** Without an answer by then, the call answers `timeout` and is cancelled on the server. */
  timeoutMs?: number;
}

interface PendingCall {
  method: string;
  settle: (result: Result<unknown>) => void;
}

export class ChannelClient<C extends ChannelCalls, E extends Record<string, unknown> = Record<string, never>> {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private closed: LumenError | null = null;
  private readonly stopListening: () => void;

  /** `name` says whom the channel talks to, in timeout sentences ("the embed worker"). */
  constructor(
    private readonly transport: ChannelTransport,
    private readonly name = 'the other process',
  ) {
    this.stopListening = transport.onMessage((message) => {
      if (!isWireMessage(message)) return;
      if (message.channel === 'reply') this.pending.get(message.id)?.settle(message.result);
      else if (message.channel === 'event') for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
    });
  }

  /** The call's answer as a Result: the handler's value, its LumenFailure, `cancelled`, `timeout` or the channel's end. */
  call<K extends keyof C & string>(method: K, args: C[K]['args'], options: CallOptions = {}): Promise<Result<C[K]['result']>> {
    if (this.closed) return Promise.resolve(err(this.closed.code, this.closed.message));
    const { token, timeoutMs } = options;
    if (token?.isCancellationRequested) return Promise.resolve(err('cancelled', 'the call was cancelled'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopHearingToken = (): void => {};
      const settle = (result: Result<unknown>): void => {
        if (!this.pending.delete(id)) return;
        if (timer !== undefined) clearTimeout(timer);
        stopHearingToken();
        // The server answers `method` with its handler's value (ChannelHandlers<C> types it as C[K]['result']).
        resolve(result as Result<C[K]['result']>);
      };
      const giveUp = (error: Result<unknown>): void => {
        this.transport.send({ channel: 'cancel', id } satisfies WireMessage);
        settle(error);
      };
      this.pending.set(id, { method, settle });
      if (token) stopHearingToken = token.onCancellationRequested(() => giveUp(err('cancelled', 'the call was cancelled')));
      if (timeoutMs !== undefined)
        timer = setTimeout(() => giveUp(err('timeout', `${this.name} did not answer ${method} within ${spelledDuration(timeoutMs)}`)), timeoutMs);
      this.transport.send({ channel: 'call', id, method, args } satisfies WireMessage);
    });
  }

  listen<K extends keyof E & string>(event: K, handler: (payload: E[K]) => void): () => void {
    // The server fires `event` with its payload (ChannelServer<C, E>.fire types it as E[K]).
    const listener = handler as (payload: unknown) => void;
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** The methods of the calls waiting for an answer (to say what a process was doing when it died). */
  pendingMethods(): string[] {
    return [...this.pending.values()].map((call) => call.method);
  }

  get waiting(): number {
    return this.pending.size;
  }

  /** The other side is gone: every waiting call, and every later one, answers `error`. */
  fail(error: LumenError): void {
    this.closed ??= error;
    for (const call of [...this.pending.values()]) call.settle(err(error.code, error.message));
  }

  dispose(): void {
    this.stopListening();
    this.fail({ code: 'channel-closed', message: `the connection to ${this.name} is closed` });
  }
}

export interface ChannelServerOptions {
  /** How a handler's throw becomes the caller's error; default describeCaught (a LumenFailure keeps its code and sentence). */
  describeFailure?: (caught: unknown) => LumenError;
  /** When a call may start; default at once. The embed worker holds calls back while a model loads. */
  schedule?: (method: string, run: () => Promise<void>) => void;
}

export class ChannelServer<C extends ChannelCalls, E extends Record<string, unknown> = Record<string, never>> {
  private readonly running = new Map<number, CancellationTokenSource>();
  private readonly stopListening: () => void;

  constructor(
    private readonly transport: ChannelTransport,
    handlers: ChannelHandlers<C>,
    options: ChannelServerOptions = {},
  ) {
    const describeFailure = options.describeFailure ?? describeCaught;
    const schedule = options.schedule ?? ((_method: string, run: () => Promise<void>) => void run());
    const isMethod = (method: string): method is keyof C & string => Object.prototype.hasOwnProperty.call(handlers, method);
    this.stopListening = transport.onMessage((message) => {
      if (!isWireMessage(message)) return;
      if (message.channel === 'cancel') return this.running.get(message.id)?.cancel();
      if (message.channel !== 'call') return;
      const { id, method, args } = message;
      const handler = isMethod(method) ? handlers[method] : undefined;
      if (!handler) return this.reply(id, err('unknown-method', `no such call: ${message.method.slice(0, 64)}`));
      const cancellation = new CancellationTokenSource();
      this.running.set(id, cancellation);
      schedule(method, async () => {
        let result: Result<unknown>;
        try {
          result = ok(await handler(args, cancellation.token));
        } catch (caught) {
          const error = describeFailure(caught);
          result = err(error.code, error.message);
        }
        this.running.delete(id);
        this.reply(id, result);
      });
    });
  }

  fire<K extends keyof E & string>(event: K, payload: E[K]): void {
    this.transport.send(eventMessage(event, payload));
  }

  /** Cancels every call still running (their answers are still sent if the transport is open). */
  dispose(): void {
    this.stopListening();
    for (const cancellation of this.running.values()) cancellation.cancel();
  }

  private reply(id: number, result: Result<unknown>): void {
    this.transport.send({ channel: 'reply', id, result } satisfies WireMessage);
  }
}

/** A Result's value, or its error thrown as a LumenFailure (for callers that throw rather than answer Results). */
export function valueOrThrow<T>(result: Result<T>): T {
  if (!result.ok) throw new LumenFailure(result.error.code, result.error.message);
  return result.value;
}
