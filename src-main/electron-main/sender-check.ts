import type { WebContents, WebFrameMain } from 'electron';

/** The parts of an IPC event the sender check reads (so it can be unit tested without Electron). */
export interface IpcSender {
  sender: unknown;
  senderFrame: unknown;
}

/**
 * True only for calls from our own window's main frame, whose page is our own renderer: never a
 * subframe, another window, or our window after it somehow navigated away.
 */
export function isTrustedSender(event: IpcSender, window: Pick<WebContents, 'mainFrame'> | null, isOwnPage: (url: string) => boolean): boolean {
  if (!window || event.sender !== window || event.senderFrame !== window.mainFrame) return false;
  const frame = event.senderFrame as Pick<WebFrameMain, 'url'> | null;
  return frame !== null && isOwnPage(frame.url);
}

/**
 * The one shape of every host-side IPC handler (contract and shell calls alike): the sender is
 * checked first, and an untrusted one gets `refusal` without the handler running.
 */
export function guardedHandler<E extends IpcSender, T>(
  isTrusted: (event: E) => boolean,
  refusal: () => T,
  handler: (event: E, arg: unknown) => T | Promise<T>,
): (event: E, arg: unknown) => Promise<T> {
  return async (event, arg) => (isTrusted(event) ? handler(event, arg) : refusal());
}
