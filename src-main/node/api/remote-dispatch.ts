/**
 * The dispatcher across a process boundary: the Electron main process forwards the window's calls
 * to the utility process that owns the services (database, indexer), and asks it for media paths.
 * Both ride the one typed channel (src-common/channel.ts), so a call's cancellation token reaches
 * the services' handler. Transport-free: any message link (a utilityProcess, a MessagePort) carries it.
 */
import { ChannelClient, ChannelServer, valueOrThrow, type ChannelTransport } from '../../../src-common/channel';
import { LumenFailure } from '../../../src-common/result';
import type { ApiDispatcher } from './api-handlers';
import type { LibraryFiles, MediaKind } from './library-files';

/** A message link between two processes: the channel's transport. */
export type MessageLink = ChannelTransport;

/** What the main process asks of the services process. */
export type RemoteCalls = {
  /** A contract call, through the services' validated dispatcher. */
  call: { args: { method: string; arg: unknown }; result: unknown };
  /** The checked path of a photo's original or thumbnail. */
  media: { args: { kind: MediaKind; photoId: number }; result: string };
};

/** Service side: answers every request arriving on the link; returns a function that stops. */
export function answerRequests(link: MessageLink, dispatch: ApiDispatcher, files: () => Promise<LibraryFiles>): () => void {
  const server = new ChannelServer<RemoteCalls>(link, {
    call: async ({ method, arg }, token) => valueOrThrow(await dispatch(method, arg, token)),
    media: async ({ kind, photoId }) => (await files()).resolve(kind, photoId),
  });
  return () => server.dispose();
}

/** Caller side: the same dispatcher shape, answered by the other process. */
export class RemoteSession {
  private readonly channel: ChannelClient<RemoteCalls>;

  constructor(link: MessageLink) {
    this.channel = new ChannelClient<RemoteCalls>(link, "the library's services");
  }

  /** A cancelled token cancels the call on the services' side and answers `cancelled` at once. */
  readonly dispatch: ApiDispatcher = (method, arg, token) => this.channel.call('call', { method, arg }, token ? { token } : {});

  /** The checked path of a photo's original or thumbnail; throws `not-found` otherwise. */
  async resolveMedia(kind: MediaKind, photoId: number): Promise<string> {
    const result = await this.channel.call('media', { kind, photoId });
    if (!result.ok) throw new LumenFailure('not-found', `the ${kind} of photo ${photoId} is not available`);
    return result.value;
  }

  /** Answers every waiting call, and every later one, with `services-stopped` (the other process exited). */
  fail(message: string): void {
    this.channel.fail({ code: 'services-stopped', message });
  }

  dispose(): void {
    this.fail('the window is closing');
    this.channel.dispose();
  }
}
