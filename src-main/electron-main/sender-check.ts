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
