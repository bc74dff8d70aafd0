import { LumenFailure } from '../../../src-common/result';

/**
 * A sentence for why one file could not be copied, moved or put back, for the file's own line in
 * the report (which names the file); never the raw system message.
 */
export function describeFileOperationProblem(error: unknown, folder: string): string {
  if (error instanceof LumenFailure) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it is not there any more (moved or deleted meanwhile?)';
    case 'ENOTDIR':
    case 'EEXIST':
      return `${folder} is a file, not a folder, so nothing can be put in it`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: Lumen may not read this file or write in ${folder}`;
    case 'EISDIR':
      return 'it is a folder, not a photo file';
    case 'ENAMETOOLONG':
      return `a name in ${folder} would be too long for this system`;
    case 'EIO':
      return `input/output error reading this file or writing in ${folder}: the disk or network share may be failing`;
    default:
      return `it could not be handled (${code ?? 'unexpected error'}); it was left as it was`;
  }
}
