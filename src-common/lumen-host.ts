/** What the Electron preload offers besides the contract: things only the desktop shell can do. */
/** `preview`: a large decoded copy of an original the window's browser cannot draw (TIFF, HEIC, RAW, JPEG XL). */
/** `thumbnail-640`, `thumbnail-1280`: larger thumbnails for big grid cells and 2× displays (made on first request). */
export type MediaKindName = 'photo' | 'thumbnail' | 'preview' | 'thumbnail-640' | 'thumbnail-1280';
export type MenuCommand = 'add-folder' | 'settings';
export const MENU_COMMANDS: readonly MenuCommand[] = ['add-folder', 'settings'];

/** IPC channels of the desktop shell's own calls (the contract's are `lumenChannel(method)` in contract.ts). */
export const HOST_CHANNELS = {
  chooseFolder: 'host:chooseFolder',
  libraryLocation: 'host:libraryLocation',
  chooseLibrary: 'host:chooseLibrary',
  useDefaultLibrary: 'host:useDefaultLibrary',
  showInFolder: 'host:showInFolder',
  /** Main to window: an app menu item the window carries out. */
  menu: 'host:menu',
} as const;

/** Where the desktop app's library is, and why there. */
export interface LibraryLocation {
  path: string;
  /** `environment`: LUMEN_LIBRARY names it (the Settings choice cannot override that); `chosen`: picked in Settings. */
  source: 'default' | 'chosen' | 'environment';
  /** The per-user default library folder. */
  defaultPath: string;
}

export interface LumenHost {
  /** The file system path of a file dropped from the OS ('' when it has none). */
  pathForFile(file: File): string;
  /** Address of a library photo's original or thumbnail, served by the `lumen:` protocol. */
  mediaUrl(kind: MediaKindName, photoId: number): string;
  /** The OS folder picker; null when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** The library this run opened. */
  libraryLocation(): Promise<LibraryLocation>;
  /**
   * The OS folder picker for another library folder (an empty folder starts a new library); the
   * choice is saved in the app's user-data folder and the app relaunches on it. False when cancelled.
   */
  chooseLibrary(): Promise<boolean>;
  /** Forgets the chosen folder and relaunches on the default library. */
  useDefaultLibrary(): Promise<void>;
  /** Opens the file manager on a library photo's file; false when its file is not where the library says. */
  showInFolder(photoId: number): Promise<boolean>;
  /** App menu items that the window carries out; returns a function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
