/** What the Electron preload offers besides the contract: things only the desktop shell can do. */
export type MediaKindName = 'photo' | 'thumbnail';
export type MenuCommand = 'add-folder' | 'settings';
export const MENU_COMMANDS: readonly MenuCommand[] = ['add-folder', 'settings'];

export interface LumenHost {
  /** The file system path of a file dropped from the OS ('' when it has none). */
  pathForFile(file: File): string;
  /** Address of a library photo's original or thumbnail, served by the `lumen:` protocol. */
  mediaUrl(kind: MediaKindName, photoId: number): string;
  /** The OS folder picker; null when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** App menu items that the window carries out; returns a function that stops listening. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
