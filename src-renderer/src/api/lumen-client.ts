/**
 * What the window talks to: the contract (`LumenApi`) plus the few things that depend on where the
 * window runs (addresses of photos, the OS folder picker, paths of dropped files). Two
 * implementations: over Electron IPC (`window.lumen`) and over HTTP (`lumen serve`).
 */
import type { LumenApi } from '../../../src-common/contract';
import type { LumenEventSource } from '../../../src-common/contract-events';
import type { LibraryLocation, MediaKindName, MenuCommand } from '../../../src-common/lumen-host';

/**
 * `online`: calls and events reach the services. `offline`: the server cannot be reached (reconnecting by
 * itself). `new-address`: the server is back with another token: the person must open its new address.
 */
export type ConnectionState = 'online' | 'offline' | 'new-address';

export interface LumenClient extends LumenApi, LumenEventSource {
  /** Where the window runs: decides which affordances to show (native folder picker, drop paths). */
  readonly shell: 'desktop' | 'browser';
  mediaUrl(kind: MediaKindName, photoId: number): string;
  /** The OS folder picker on the desktop; null in a browser (type the path instead) or when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** The path of a file dropped from the OS; null where the shell cannot tell (browsers). */
  pathForFile(file: File): string | null;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Desktop: opens the file manager on the photo's file (false when the file is not where the library
   * says). Absent in a browser, which cannot open folders on the computer: the viewer offers the path to copy.
   */
  readonly showInFolder?: (photoId: number) => Promise<boolean>;
  /** Every change of the connection to the services (never leaves `online` on the desktop); returns a function that stops listening. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Desktop: where the library is and why; null in a browser, where `lumen serve --library` fixed it. */
  libraryLocation(): Promise<LibraryLocation | null>;
  /** Desktop: pick another library folder, saved and applied by relaunching the app; false when cancelled (always in a browser). */
  chooseLibrary(): Promise<boolean>;
  /** Desktop: back to the default library (relaunches). */
  useDefaultLibrary(): Promise<void>;
}
