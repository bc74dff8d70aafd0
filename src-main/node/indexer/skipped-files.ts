import type { SkippedFiles } from '../../../src-common/contract';
import type { SettingsRepository } from '../library/settings-repository';
import { errorFields, type Logger } from '../logging/logger';

export function noneSkipped(): SkippedFiles {
  return { junk: 0, excluded: 0, unsupported: {} };
}

export function addSkipped(into: SkippedFiles, from: SkippedFiles): void {
  into.junk += from.junk;
  into.excluded += from.excluded;
  for (const [kind, count] of Object.entries(from.unsupported)) into.unsupported[kind] = (into.unsupported[kind] ?? 0) + count;
}

/** `.MOV` → `.mov`; a name without an extension → `(none)`. */
export function unsupportedKind(extension: string): string {
  return extension === '' ? '(none)' : extension.toLowerCase();
}

const KEY_PREFIX = 'index.skipped:';

function isSkippedFiles(value: unknown): value is SkippedFiles {
  const v = value as Partial<SkippedFiles> | null;
  return typeof v?.junk === 'number' && typeof v.excluded === 'number' && typeof v.unsupported === 'object' && v.unsupported !== null;
}

/**
 * What each folder's last complete scan skipped, kept with the library's settings, so that `status`
 * can say it long after the run.
 */
export class SkippedFilesRecord {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly logger: Logger,
  ) {}

  save(root: string, skipped: SkippedFiles): void {
    this.settings.set(`${KEY_PREFIX}${root}`, JSON.stringify(skipped));
  }

  read(root: string): SkippedFiles | undefined {
    const text = this.settings.get(`${KEY_PREFIX}${root}`);
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (isSkippedFiles(value)) return value;
      this.logger.warn(
        { root },
        "the record of what this folder's last scan skipped is not in the expected shape: not shown until the next complete scan rewrites it",
      );
    } catch (error) {
      this.logger.warn(
        errorFields(error, { root }),
        "the record of what this folder's last scan skipped is not JSON: not shown until the next complete scan rewrites it",
      );
    }
    return undefined;
  }

  forget(root: string): void {
    this.settings.delete(`${KEY_PREFIX}${root}`);
  }
}
