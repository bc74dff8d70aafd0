/**
 * Reasons a person can act on for files and folders the indexer cannot even open (before any
 * decoding): permissions, broken or looping links, files that vanish mid-scan.
 */
export function describeFileProblem(error: unknown, what: 'file' | 'folder', viaLink: boolean): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied: Lumen cannot read this ${what}; give your user read access and it will be retried`;
    case 'ELOOP':
      return 'symbolic link loop: this link leads back to itself; fix or delete the link';
    case 'ENOENT':
      return viaLink
        ? 'broken link: it points to a file that does not exist; fix or delete the link'
        : `the ${what} disappeared while Lumen was reading it; it will be picked up if it comes back`;
    case 'EIO':
      return `input/output error reading this ${what}: the disk or network share may be failing`;
    case 'ENAMETOOLONG':
      return `the ${what} name is too long for this system to open`;
    default:
      return `cannot read ${what}: ${(error as Error | undefined)?.message ?? String(error)}`;
  }
}

/** The path is not there (any more): the file was removed, or the folder or drive holding it went away. */
export function isMissingFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A reason recorded because the file could not be opened for its permissions (describeFileProblem, describeDecodeError). */
export function isPermissionReason(reason: string): boolean {
  return reason.startsWith('permission denied:');
}
