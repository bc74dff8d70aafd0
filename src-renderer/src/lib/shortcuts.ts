/**
 * Every keyboard shortcut of the window, as the shortcuts sheet (press ?) lists them, and the one test
 * of whether a key press is typing: letters typed into a text field never trigger a shortcut.
 */
export interface Shortcut {
  keys: string[];
  does: string;
}

export interface ShortcutGroup {
  name: string;
  shortcuts: Shortcut[];
}

/** "Ctrl" on Windows and Linux, "⌘" on a Mac. */
export function modifierName(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
}

export function shortcutGroups(mod = modifierName()): ShortcutGroup[] {
  return [
    {
      name: 'Anywhere',
      shortcuts: [
        { keys: ['?'], does: 'Show these shortcuts' },
        { keys: [mod, 'Z'], does: 'Undo the last change (a move or copy, a tag change, a folder added or removed, stars or a favourite)' },
        { keys: ['/'], does: 'Search' },
        { keys: [mod, 'K'], does: 'Search' },
        { keys: [mod, 'O'], does: 'Add a folder' },
        { keys: [mod, ','], does: 'Settings' },
      ],
    },
    {
      name: 'Photo grid',
      shortcuts: [
        { keys: ['←', '→', '↑', '↓'], does: 'Move between photos' },
        { keys: ['Shift', '←'], does: 'Select several photos (with any arrow)' },
        { keys: ['Page Up', 'Page Down'], does: 'Move a screen up or down' },
        { keys: ['Home', 'End'], does: 'First or last photo' },
        { keys: ['Enter'], does: 'Open the photo' },
        { keys: [mod, 'A'], does: 'Select all' },
        { keys: ['Esc'], does: 'Clear the selection' },
      ],
    },
    {
      name: 'Timeline scrubber',
      shortcuts: [
        { keys: ['↑', '↓'], does: 'Previous or next date heading' },
        { keys: ['Page Up', 'Page Down'], does: 'The year above or below' },
        { keys: ['Home', 'End'], does: 'First or last date heading' },
      ],
    },
    {
      name: 'Photo viewer',
      shortcuts: [
        { keys: ['←', '→'], does: 'Previous or next photo' },
        { keys: ['+', '−'], does: 'Zoom in or out' },
        { keys: ['0'], does: 'Fit the photo to the window' },
        { keys: ['1 … 5'], does: 'Rate with stars' },
        { keys: ['.'], does: 'Favourite' },
        { keys: ['R', 'Shift R'], does: 'Rotate right or left' },
        { keys: ['F'], does: 'Full screen' },
        { keys: ['S'], does: 'Start or stop the slideshow' },
        { keys: ['Esc'], does: 'Close the viewer' },
      ],
    },
    {
      name: 'Reviewing suggestions (Auto-tag)',
      shortcuts: [
        { keys: ['P'], does: 'Accept: the photo has the tag' },
        { keys: ['X'], does: 'Reject: the photo does not have the tag' },
        { keys: ['U'], does: 'Clear the decision' },
        { keys: ['←', '→', '↑', '↓'], does: 'Move between suggestions' },
      ],
    },
    {
      name: 'Search',
      shortcuts: [
        { keys: ['Enter'], does: 'Search now' },
        { keys: ['↓'], does: 'From the search field to the photos' },
        { keys: ['Esc'], does: 'Clear the search' },
      ],
    },
    {
      name: 'Dialogs and panels',
      shortcuts: [
        { keys: ['Esc'], does: 'Close the dialog, the viewer or the folded sidebar' },
        { keys: ['Tab', 'Shift Tab'], does: 'Move between the controls of an open dialog' },
      ],
    },
  ];
}

/** True when the key press goes into a text field (or a menu), where letters are text and not shortcuts. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
}
