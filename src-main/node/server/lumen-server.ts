/**
 * `lumen serve`: the window's renderer and the contract over HTTP, for browsers and for testing the
 * UI where Electron cannot run. Routes:
 *   GET  /, /assets/…            the built renderer (out/renderer)
 *   POST /api/<method>           body `{ "arg": … }` (JSON, ≤ 1 MiB) → the contract's `Result` as JSON
 *   GET  /media/<kind>/<id>      a library photo's original or thumbnail, by id only
 *   GET  /events                 the contract's events as Server-Sent Events (event-stream.ts)
 * Every request passes request-guard.ts first: the token is required everywhere, on loopback too.
 * At most `maxRunningCalls` contract calls run at once (call-limiter.ts).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import type { ApiDispatcher } from '../api/api-handlers';
import { imageContentType, parseMediaKind, parsePhotoId, type LibraryFiles } from '../api/library-files';
import { CallLimiter } from './call-limiter';
import { BodyTooLarge, readBody } from './read-body';
import { checkOrigin, checkToken, tokenCookieName, type GuardConfig, type RequestHeaders } from './request-guard';
import { parseByteRange } from './byte-range';
import { setSecurityHeaders } from './security-headers';
import { discardingLogger, errorFields, type Logger } from '../logging/logger';
import { rendererFile } from './static-files';
import { madeByThisAccount } from './peer-account';
import { DEFAULT_EVENT_STREAM_LIMITS, EventStreams, type EventStreamLimits } from './event-stream';
import type { LumenEventHub } from '../../../src-common/contract-events';

export const MAX_BODY_BYTES = 1024 * 1024;

/** What one server holds at most, and how long a client may take to send a request. */
export interface ServerLimits {
  /** Contract calls worked on at once (body read, dispatched, answered). */
  maxRunningCalls: number;
  /** Calls waiting for a turn, bodies unread; more are answered 503. */
  maxWaitingCalls: number;
  /** Time to send the request head (slow-header clients are cut off with 408). */
  headersTimeoutMs: number;
  /** Time to send the whole request, body included. */
  requestTimeoutMs: number;
  /** How often Node checks the two timeouts above. */
  timeoutCheckIntervalMs: number;
}

/** 8 calls × 1 MiB bodies: at most 8 MiB of request bodies in memory at once. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxRunningCalls: 8,
  maxWaitingCalls: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  timeoutCheckIntervalMs: 1_000,
};

export interface LumenServerOptions {
  dispatch: ApiDispatcher;
  files: () => Promise<LibraryFiles>;
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required on every request; a random one is generated when not given. */
  token?: string;
  limits?: Partial<ServerLimits>;
  /** Where requests that fail unexpectedly are logged (the client only gets a plain sentence); default: nowhere. */
  logger?: Logger;
  /** The events GET /events streams; without them it answers 404. */
  events?: Pick<LumenEventHub, 'listenAll'>;
  eventLimits?: Partial<EventStreamLimits>;
}

export interface RunningServer {
  /** The address to open, with `?token=`. */
  url: string;
  origin: string;
  /** The port it listens on (the one asked for, or the free one picked for 0). */
  port: number;
  token: string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { ok: false, error: { code, message } });
}

function sendFile(response: ServerResponse, path: string, contentType: string, cacheControl: string): void {
  response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': cacheControl });
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}

async function handleApi(request: IncomingMessage, response: ServerResponse, method: string, dispatch: ApiDispatcher, limiter: CallLimiter): Promise<void> {
  if (request.method !== 'POST') return sendError(response, 405, 'method-not-allowed', 'contract calls are POST requests');
  // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
  if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    return sendError(response, 415, 'unsupported-media-type', 'send the argument as application/json');
  }
  const release = await limiter.acquire((cancel) => response.once('close', cancel));
  if (release === null) {
    if (response.writableEnded || response.destroyed) return;
    response.setHeader('Retry-After', '1');
    return sendError(response, 503, 'busy', `the server is busy with ${limiter.maxRunning + limiter.maxWaiting} calls; try again in a moment`);
  }
  try {
    await answerCall(request, response, method, dispatch);
  } finally {
    release();
  }
}

async function answerCall(request: IncomingMessage, response: ServerResponse, method: string, dispatch: ApiDispatcher): Promise<void> {
  let text: string;
  try {
    text = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return sendError(response, 413, 'too-large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    throw error;
  }
  let envelope: unknown;
  try {
    envelope = text === '' ? {} : JSON.parse(text);
  } catch {
    return sendError(response, 400, 'bad-json', 'the body is not valid JSON');
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return sendError(response, 400, 'bad-json', 'the body must be an object { "arg": … }');
  }
  // A client that goes away (the window closed, its fetch aborted) cancels the call's long work.
  const cancellation = new CancellationTokenSource();
  const cancelIfUnanswered = (): void => {
    if (!response.writableFinished) cancellation.cancel();
  };
  response.once('close', cancelIfUnanswered);
  try {
    sendJson(response, 200, await dispatch(method, (envelope as { arg?: unknown }).arg, cancellation.token));
  } finally {
    response.off('close', cancelIfUnanswered);
  }
}

/** A library file, or the part of it the `Range` header asks for (a video player seeking). */
async function sendMediaFile(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const { size } = await stat(path);
  const range = parseByteRange(request.headers.range, size);
  const headers = { 'Content-Type': imageContentType(path), 'Cache-Control': 'private, max-age=300', 'Accept-Ranges': 'bytes' };
  if (range === 'unsatisfiable') {
    response.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
    response.end();
    return;
  }
  response.writeHead(range ? 206 : 200, {
    ...headers,
    'Content-Length': String(range ? range.end - range.start + 1 : size),
    ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` } : {}),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path, range ? { start: range.start, end: range.end } : {})
    .on('error', () => response.destroy())
    .pipe(response);
}

async function handleMedia(
  request: IncomingMessage,
  response: ServerResponse,
  kindText: string,
  idText: string,
  files: () => Promise<LibraryFiles>,
): Promise<void> {
  const kind = parseMediaKind(kindText);
  const id = parsePhotoId(idText);
  if (kind === null || id === null) return sendError(response, 404, 'not-found', 'no such media');
  try {
    const path = await (await files()).resolve(kind, id);
    await sendMediaFile(request, response, path);
  } catch {
    sendError(response, 404, 'not-found', 'no such media');
  }
}

/** First visit with `?token=`: keep it in a same-site, script-invisible cookie and drop it from the address bar. */
function acceptTokenFromUrl(url: URL, response: ServerResponse, config: GuardConfig): boolean {
  const given = url.searchParams.get('token');
  if (given === null || !checkToken(config, { authorization: `Bearer ${given}` }).allowed) return false;
  response.writeHead(303, {
    Location: '/',
    'Set-Cookie': `${tokenCookieName(config.port)}=${config.token}; HttpOnly; SameSite=Strict; Path=/`,
    'Cache-Control': 'no-store',
  });
  response.end();
  return true;
}

export async function startLumenServer(options: LumenServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const config: GuardConfig = { host, port: options.port ?? 0, token: options.token ?? randomBytes(24).toString('base64url') };
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const limiter = new CallLimiter(limits.maxRunningCalls, limits.maxWaitingCalls);
  const streams = options.events ? new EventStreams(options.events, { ...DEFAULT_EVENT_STREAM_LIMITS, ...options.eventLimits }) : null;
  // Asked once per connection (a kept-alive connection carries many requests).
  const connectionAccounts = new WeakMap<Socket, Promise<boolean>>();
  const thisAccount = (socket: Socket): Promise<boolean> => {
    let made = connectionAccounts.get(socket);
    if (!made) {
      made = madeByThisAccount(socket);
      connectionAccounts.set(socket, made);
    }
    return made;
  };

  const server: Server = createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.timeoutCheckIntervalMs },
    (request, response) => {
      void route(request, response).catch((error: unknown) => {
        // Without the query: it may hold the token.
        (options.logger ?? discardingLogger).error(errorFields(error, { method: request.method, path: request.url?.split('?')[0] }), 'request failed');
        // The error's own text could quote a file or a path: the client gets a plain sentence.
        if (!response.headersSent) sendError(response, 500, 'internal-error', 'the server could not answer this request');
        else response.destroy();
      });
    },
  );

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    const headers = request.headers as RequestHeaders;
    const origin = checkOrigin(config, headers);
    if (!origin.allowed) return sendError(response, origin.status, 'forbidden', origin.reason);
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    if (request.method === 'GET' && url.pathname === '/' && acceptTokenFromUrl(url, response, config)) return;
    const token = checkToken(config, headers);
    if (!token.allowed) return sendError(response, token.status, 'unauthorized', `${token.reason}: open the address lumen serve printed`);
    // Another account on this computer may hold the token too (see peer-account.ts). Asked only of
    // requests with the token, so a flood of connections without it costs no look-ups.
    if (!(await thisAccount(request.socket))) {
      return sendError(response, 403, 'other-account', 'this server answers only the account that started it; run lumen serve as yourself');
    }

    const api = /^\/api\/([A-Za-z]+)$/.exec(url.pathname);
    if (api?.[1]) return handleApi(request, response, api[1], options.dispatch, limiter);
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'method-not-allowed', 'only GET here');
    if (url.pathname === '/events') {
      if (!streams) return sendError(response, 404, 'not-found', 'not found');
      if (!streams.accept(request, response)) {
        response.setHeader('Retry-After', '5');
        return sendError(response, 503, 'busy', 'too many windows are listening to this server; close one and try again');
      }
      return;
    }
    const media = /^\/media\/([a-z0-9-]+)\/([^/]+)$/.exec(url.pathname);
    if (media?.[1] && media[2]) return handleMedia(request, response, media[1], media[2], options.files);
    const file = await rendererFile(options.rendererDir, url.pathname);
    if (!file) return sendError(response, 404, 'not-found', 'not found');
    sendFile(response, file.path, file.contentType, file.contentType.startsWith('text/html') ? 'no-store' : 'public, max-age=3600');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, host, () => resolve());
  });
  config.port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${hostInUrl === '0.0.0.0' || hostInUrl === '[::]' ? '127.0.0.1' : hostInUrl}:${config.port}`;
  return {
    origin,
    port: config.port,
    url: `${origin}/?token=${config.token}`,
    token: config.token,
    close: () =>
      new Promise<void>((resolve) => {
        streams?.closeAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
