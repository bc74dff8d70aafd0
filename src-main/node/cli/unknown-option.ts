import { printable, UsageError } from './cli-io';

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/**
 * The error for a word that starts with a dash but is no option: Node's parser names only its
 * first letter (`Unknown option '-r'` for "-red circle"), which tells a person nothing. This names
 * the whole word and, since it is most often text (a search for "-red circle"), says how to give
 * it: after `--`, which ends the options.
 */
export function unknownOptionError(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): UsageError {
  const { word, command } = firstUnknownOption(argv, options);
  if (word === null) return new UsageError('unknown option');
  const example = `lumen ${command ?? '<command>'} -- ${shellQuoted(word)}`;
  return new UsageError(
    `unknown option ${printable(JSON.stringify(word))}. If it is text and not an option, put it after --, which ends the options: ${printable(example)}`,
  );
}

/** The first word that parses as no known option (before any `--`), and the command word, if any. */
function firstUnknownOption(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): { word: string | null; command: string | null } {
  const shorts = new Map(Object.values(options).flatMap((spec) => (spec.short ? [[spec.short, spec] as const] : [])));
  let command: string | null = null;
  let takesValue = false;
  for (const word of argv) {
    if (word === '--') break;
    if (takesValue) {
      takesValue = false;
      continue;
    }
    if (word.startsWith('--')) {
      const [name = '', value] = word.slice(2).split('=', 2);
      const spec = options[name];
      if (!spec) return { word, command };
      takesValue = spec.type === 'string' && value === undefined;
    } else if (word.startsWith('-') && word.length > 1) {
      const letters = [...word.slice(1)];
      const first = shorts.get(letters[0] ?? '');
      // -n5 is -n with the value 5; -hv is -h and -v; anything else is no option.
      if (first?.type === 'string') takesValue = letters.length === 1;
      else if (!letters.every((letter) => shorts.get(letter)?.type === 'boolean')) return { word, command };
    } else {
      command ??= word;
    }
  }
  return { word: null, command };
}

/** The word as a POSIX shell would take it back: in double quotes where that is safe, else single quotes. */
function shellQuoted(word: string): string {
  if (!/["$`\\!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
