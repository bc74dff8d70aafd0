/**
 * The contract's events between the services' utility process and the main process: the listen
 * half of the one channel (src-common/channel.ts) on the same link as the calls (remote-dispatch.ts).
 * The main process hands them to the window on LUMEN_EVENT_CHANNEL.
 */
import { eventMessage, isWireMessage } from '../../../src-common/channel';
import { isLumenEventName, type LumenEventHub, type LumenEventName } from '../../../src-common/contract-events';
import type { MessageLink } from './remote-dispatch';

/** Services side: sends every event over the link as a channel event; returns a function that stops. */
export function sendEvents(link: MessageLink, events: Pick<LumenEventHub, 'listenAll'>): () => void {
  return events.listenAll((event, payload) => link.send(eventMessage(event, payload)));
}

/** Main side: every contract event that arrives over the link. */
export function onRemoteEvents(link: MessageLink, listener: (event: LumenEventName, payload: unknown) => void): () => void {
  return link.onMessage((message) => {
    if (isWireMessage(message) && message.channel === 'event' && isLumenEventName(message.event)) listener(message.event, message.payload);
  });
}
