/**
 * The library's exclude patterns (gitignore syntax) as the window reads and edits them, the same
 * list `lumen exclude` keeps: the calls' argument and result schemas, spread into the contract's
 * tables (contract-methods.ts, contract-results.ts). The methods are part of SettingsApi.
 */
import * as v from 'valibot';
import { NoArgumentSchema } from './schema-kit';

export const MAX_EXCLUDE_PATTERNS = 500;
export const MAX_EXCLUDE_PATTERN_LENGTH = 1_000;

/** The whole list; each pattern is then checked as `lumen exclude add` checks it (one line, not empty, not a comment). */
export const ExcludePatternListSchema = v.custom<string[]>(
  (value) =>
    Array.isArray(value) &&
    value.length <= MAX_EXCLUDE_PATTERNS &&
    value.every((pattern) => typeof pattern === 'string' && pattern.length <= MAX_EXCLUDE_PATTERN_LENGTH),
  `setExcludePatterns takes a list of at most ${MAX_EXCLUDE_PATTERNS} patterns, each a string of at most ${MAX_EXCLUDE_PATTERN_LENGTH} characters`,
);

export const EXCLUDE_ARGUMENTS = {
  getExcludePatterns: NoArgumentSchema,
  setExcludePatterns: ExcludePatternListSchema,
} as const;

export const EXCLUDE_RESULTS = {
  getExcludePatterns: v.array(v.string()),
  setExcludePatterns: v.array(v.string()),
} as const;
