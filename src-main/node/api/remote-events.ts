/**
 * The contract's events between the services' utility process and the main process, on the same
 * message link as the calls (remote-dispatch.ts): `{ lumenEvent, payload }`, which no call or answer
 * has. The main process hands them to the window on LUMEN_EVENT_CHANNEL.
 */
import { isLumenEventName, type LumenEventHub, type LumenEventName } from '../../../src-common/contract-events';
import type { MessageLink } from './remote-dispatch';

interface RemoteEvent {
  lumenEvent: LumenEventName;
  payload: unknown;
}

/** Services side: sends every event over the link; returns a function that stops. */
export function sendEvents(link: MessageLink, events: Pick<LumenEventHub, 'listenAll'>): () => void {
  return events.listenAll((event, payload) => link.send({ lumenEvent: event, payload } satisfies RemoteEvent));
}

/** Main side: every event that arrives over the link. */
export function onRemoteEvents(link: MessageLink, listener: (event: LumenEventName, payload: unknown) => void): () => void {
  return link.onMessage((message) => {
    if (typeof message !== 'object' || message === null) return;
    const { lumenEvent, payload } = message as Partial<RemoteEvent>;
    if (isLumenEventName(lumenEvent)) listener(lumenEvent, payload);
  });
}
