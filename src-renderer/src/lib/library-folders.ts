/** Where a folder a person names stands against the library's folders, before asking the services to add it. */

export interface FolderHolder {
  /** The library folder that is, or contains, the named folder. */
  root: string;
  /** True when the named folder is that library folder itself. */
  same: boolean;
}

function withoutTrailingSeparator(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed === '' ? path.slice(0, 1) : trimmed;
}

/** The library folder that is `path` or holds it, or null; `/a/bc` is not inside `/a/b`. */
export function libraryFolderHolding(path: string, roots: readonly string[]): FolderHolder | null {
  const folder = withoutTrailingSeparator(path.trim());
  for (const root of roots) {
    const base = withoutTrailingSeparator(root);
    if (folder === base) return { root, same: true };
    const prefix = /[\\/]$/.test(base) ? base : `${base}${base.includes('\\') && !base.includes('/') ? '\\' : '/'}`;
    if (folder.startsWith(prefix)) return { root, same: false };
  }
  return null;
}
