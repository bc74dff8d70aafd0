/**
 * The dispatcher across a process boundary: the Electron main process forwards the window's calls
 * to the utility process that owns the services (database, indexer), and asks it for media paths.
 * Transport-free: any message link (a utilityProcess, a MessagePort) carries it.
 */
import { CancellationTokenSource, type CancellationToken } from '../../../src-common/cancellation';
import { describeCaught, err, LumenFailure, ok, type Result } from '../../../src-common/result';
import type { ApiDispatcher } from './api-handlers';
import { MEDIA_KINDS, type LibraryFiles, type MediaKind } from './library-files';

export interface MessageLink {
  send(message: unknown): void;
  /** Returns a function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
}

type RemoteRequest = { id: number; call: string; arg: unknown } | { id: number; media: MediaKind; photoId: number } | { id: number; cancel: true };

interface RemoteResponse {
  id: number;
  result: Result<unknown>;
}

function isRequest(message: unknown): message is RemoteRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (typeof m['id'] !== 'number') return false;
  if (typeof m['call'] === 'string' || m['cancel'] === true) return true;
  return MEDIA_KINDS.some((kind) => kind === m['media']) && typeof m['photoId'] === 'number';
}

function isResponse(message: unknown): message is RemoteResponse {
  return typeof message === 'object' && message !== null && typeof (message as Record<string, unknown>)['id'] === 'number' && 'result' in message;
}

/** Service side: answers every request arriving on the link. */
export function answerRequests(link: MessageLink, dispatch: ApiDispatcher, files: () => Promise<LibraryFiles>): () => void {
  const running = new Map<number, CancellationTokenSource>();
  return link.onMessage((message) => {
    if (!isRequest(message)) return;
    if ('cancel' in message) return running.get(message.id)?.cancel();
    const cancellation = new CancellationTokenSource();
    if ('call' in message) running.set(message.id, cancellation);
    const work: Promise<Result<unknown>> =
      'call' in message
        ? dispatch(message.call, message.arg, cancellation.token).finally(() => running.delete(message.id))
        : files()
            .then((library) => library.resolve(message.media, message.photoId))
            .then(
              (path) => ok(path),
              (error: unknown) => {
                const failure = describeCaught(error);
                return err(failure.code, failure.message);
              },
            );
    void work.then((result) => link.send({ id: message.id, result } satisfies RemoteResponse));
  });
}

/** Caller side: the same dispatcher shape, answered by the other process. */
export class RemoteSession {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly stopListening: () => void;

  constructor(private readonly link: MessageLink) {
    this.stopListening = link.onMessage((message) => {
      if (!isResponse(message)) return;
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    });
  }

  /** A cancelled token sends a cancel for the call; its answer (usually `cancelled`) still comes. */
  readonly dispatch: ApiDispatcher = (method, arg, token) => this.request({ call: method, arg }, token);

  /** The checked path of a photo's original or thumbnail; throws `not-found` otherwise. */
  async resolveMedia(kind: MediaKind, photoId: number): Promise<string> {
    const result = await this.request({ media: kind, photoId });
    if (!result.ok || typeof result.value !== 'string') throw new LumenFailure('not-found', `the ${kind} of photo ${photoId} is not available`);
    return result.value;
  }

  /** Answers every waiting call with `services-stopped` (the other process exited). */
  fail(message: string): void {
    for (const settle of this.pending.values()) settle(err('services-stopped', message));
    this.pending.clear();
  }

  dispose(): void {
    this.stopListening();
    this.fail('the window is closing');
  }

  private request(body: { call: string; arg: unknown } | { media: MediaKind; photoId: number }, token?: CancellationToken): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const stopHearingToken = token?.onCancellationRequested(() => this.link.send({ id, cancel: true })) ?? (() => {});
      this.pending.set(id, (result) => {
        stopHearingToken();
        resolve(result);
      });
      this.link.send({ id, ...body });
    });
  }
}
