/**
 * What the window offers while files are dragged over it. A browser hands a page a dropped file's
 * bytes but never a folder or a path, so only the desktop offers to add folders.
 */
export function dropHint(shell: 'desktop' | 'browser', categorySet: string | null): string {
  if (shell === 'desktop')
    return categorySet ? `Drop photos to classify them into “${categorySet}”, or folders to add them.` : 'Drop folders to add them to the library.';
  return categorySet
    ? `Drop photos to classify them into “${categorySet}”.`
    : 'Add a category set to classify dropped photos; add folders with the + beside Folders.';
}
