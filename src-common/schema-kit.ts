/**
 * The building blocks of the contract's argument schemas (valibot; why valibot: docs/ARCHITECTURE.md),
 * and the one way a schema's verdict becomes a `Result`: the first problem, as a sentence, with
 * the code `bad-argument`. Objects are strict: a key the call does not take is refused, so a typo
 * is an error and not a silently ignored option.
 */
import * as v from 'valibot';
import { err, ok, type Result } from './result';

export type ArgumentSchema = v.GenericSchema<unknown, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first problem's message (schemas carry our own sentences), as a `bad-argument` Result. */
export function parseArgument<S extends ArgumentSchema>(schema: S, input: unknown): Result<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, input, { abortEarly: true });
  if (parsed.success) return ok(parsed.output);
  return err('bad-argument', parsed.issues[0]?.message ?? 'the argument is not valid');
}

type Entries = v.ObjectEntries;

/**
 * A strict object named `what` (the call or field, for messages). `expects` is said when the value
 * is no plain object; an unknown key is named; a missing key gets its own schema's sentence (as if
 * it had been given as undefined).
 */
export function strict<E extends Entries>(what: string, expects: string, entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, expects),
    v.strictObject(entries, (issue) => {
      const key = issue.path?.[0]?.key;
      if (issue.expected === 'never') return `${what} does not take ${JSON.stringify(String(key).slice(0, 40))}`;
      const entry = typeof key === 'string' ? entries[key] : undefined;
      const missing = entry ? v.safeParse(entry, undefined).issues?.[0]?.message : undefined;
      return missing ?? expects;
    }),
  );
}

export function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** An integer from min to max; anything else gets `message`. */
export function integerSchema(min: number, max: number, message: string) {
  return v.custom<number>((value) => integerIn(value, min, max), message);
}

export function booleanSchema(message: string) {
  return v.boolean(message);
}

/** One of `choices` (a string union); anything else gets `message`. */
export function choiceSchema<const T extends readonly string[]>(choices: T, message: string) {
  return v.picklist(choices, message);
}

export const MAX_NAME_LENGTH = 100;
export const MAX_PATH_LENGTH = 4_096;

/** A tag, category or set name: trimmed, 1…100 characters, no control characters. */
export function nameSchema(what = 'name') {
  return v.pipe(
    v.string(`${what} must be a string`),
    v.trim(),
    v.check(
      // eslint-disable-next-line no-control-regex
      (name) => name !== '' && name.length <= MAX_NAME_LENGTH && !/[\u0000-\u001f\u007f]/.test(name),
      `${what} must be 1 to ${MAX_NAME_LENGTH} characters without control characters`,
    ),
  );
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** An absolute path as the OS writes it: no NUL bytes, not empty, not absurdly long. `what` names it in messages. */
export function absolutePathSchema(what = 'folder') {
  return v.pipe(
    v.string(`${what} must be a path string`),
    v.trim(),
    v.check((path) => path !== '' && path.length <= MAX_PATH_LENGTH && !path.includes('\0'), `${what} must be a path of 1 to ${MAX_PATH_LENGTH} characters`),
    v.check(isAbsolute, (issue) => `${what} must be an absolute path, not ${JSON.stringify(issue.input)}`),
  );
}

/** Calls that take no argument must get none, so a confused or hostile caller is told so. */
export const NoArgumentSchema = v.pipe(
  v.custom<undefined | null>((value) => value === undefined || value === null, 'this call takes no argument'),
  v.transform((): undefined => undefined),
);
