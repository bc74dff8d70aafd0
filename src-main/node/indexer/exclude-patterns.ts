import ignore, { type Ignore } from 'ignore';
import { LumenFailure } from '../../../src-common/result';
import type { SettingsRepository } from '../library/settings-repository';

/** The library setting that holds the exclude patterns, as a JSON list of strings. */
export const SETTING_EXCLUDE = 'index.exclude';

/**
 * Per-library exclude patterns in gitignore syntax (`*.mov`, `Screenshots/`, `/2019/raw/`,
 * `!keep.jpg`), matched against paths relative to each indexed folder, as if each had a
 * .gitignore with these lines. An excluded folder is not walked, so a `!` pattern cannot bring
 * back a file inside it (as in git).
 */
export class ExcludePatterns {
  private readonly matcher: Ignore;

  constructor(readonly patterns: readonly string[]) {
    this.matcher = ignore({ allowRelativePaths: false }).add([...patterns]);
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** `relativePath` uses "/" between names, whatever the system's separator. */
  excludes(relativePath: string, isFolder: boolean): boolean {
    return this.matcher.ignores(isFolder ? `${relativePath}/` : relativePath);
  }
}

/** A pattern as given on the command line, checked: one line, not empty, no control characters. */
export function checkExcludePattern(pattern: string): string {
  const trimmed = pattern.trim();
  if (trimmed === '') throw new LumenFailure('bad-argument', 'an exclude pattern cannot be empty');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    throw new LumenFailure('bad-argument', `an exclude pattern must be one line of text without control characters: ${JSON.stringify(trimmed)}`);
  if (trimmed.startsWith('#'))
    throw new LumenFailure('bad-argument', `"${trimmed}" would be a comment in gitignore syntax; write \\# for a name that starts with #`);
  return trimmed;
}

export function readExcludePatterns(settings: SettingsRepository): string[] {
  const text = settings.get(SETTING_EXCLUDE);
  if (text === undefined) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  } catch {
    // Not JSON: refused below.
  }
  throw new LumenFailure('bad-setting', `setting ${SETTING_EXCLUDE} is not a list of patterns; lumen exclude clear removes it`);
}

export function writeExcludePatterns(settings: SettingsRepository, patterns: readonly string[]): void {
  if (patterns.length === 0) settings.delete(SETTING_EXCLUDE);
  else settings.set(SETTING_EXCLUDE, JSON.stringify(patterns));
}
