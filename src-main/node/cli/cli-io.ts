/** Where a command writes; tests pass string collectors, the real CLI passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal, so live progress can redraw one line. */
  interactive: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Short forms for the control characters people know; the rest are shown as \xHH or \uHHHH. */
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * C0 and C1 control characters (newlines, tabs, ESC: the start of sequences that move the cursor,
 * recolour or retitle a terminal), DEL, and the Unicode marks that reverse the direction text is
 * shown in (a name could otherwise display as another).
 */
function needsEscape(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * Text that came from files or the library (file and folder names, tag and model names, reasons)
 * as it may appear in a human-readable line: the characters above are shown escaped (\n, \t,
 * \x1b, \u202e), so a file named with a newline or an escape sequence is printed as one visible
 * line and cannot rewrite the terminal. In such text backslashes are doubled, so the escaped form
 * cannot be mistaken for a name holding a backslash. Text without them is returned unchanged.
 * `--json` output never goes through this: JSON escapes control characters itself, exactly.
 */
export function printable(text: string): string {
  const codes = Array.from(text, (char) => char.codePointAt(0) ?? 0);
  if (!codes.some(needsEscape)) return text;
  return Array.from(text, (char, i) => {
    const code = codes[i] ?? 0;
    if (char === '\\') return '\\\\';
    if (!needsEscape(code)) return char;
    return NAMED_ESCAPES[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  }).join('');
}
