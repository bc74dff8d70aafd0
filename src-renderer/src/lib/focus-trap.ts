/** What Tab can reach inside an element, in document order (rendered, enabled, not taken out with tabindex -1). */
const CANDIDATES = 'a[href], button, input, select, textarea, video[controls], audio[controls], [tabindex], [contenteditable="true"], summary';

export function tabbableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter((element) => {
    if (element.tabIndex < 0) return false;
    if ('disabled' in element && element.disabled === true) return false;
    if (element.closest('[inert], [hidden]')) return false;
    // Hidden by CSS (display: none, visibility: hidden): Tab skips it. Where the check is missing, it counts.
    return typeof element.checkVisibility === 'function' ? element.checkVisibility({ visibilityProperty: true }) : true;
  });
}
