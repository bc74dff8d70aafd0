/**
 * Counts the entries of some containers of a JSON document without parsing it: `model.vocab`
 * (object keys or array items), say. JSON.parse of a 48 MB tokenizer.json holding three million
 * vocabulary entries costs 800 MB before anything could look at it; this pass costs nothing but
 * the bytes already read. It only follows structure (strings, brackets, commas): a document that
 * is not valid JSON gives some count and is refused by JSON.parse afterwards.
 *
 * `paths` are dot-separated keys from the root ('model.vocab'); a key containing a dot or an
 * escape sequence cannot be named, which the tokenizer files' keys never need.
 */
export function countJsonEntries(bytes: Uint8Array, paths: readonly string[]): Map<string, number> {
  const wanted = new Set(paths);
  const prefixes = new Set(paths.flatMap((path) => path.split('.').map((_, i, keys) => keys.slice(0, i).join('.'))));
  const counts = new Map<string, number>();
  /** One open container: its path when it is on the way to a wanted one, else null. */
  interface Frame {
    object: boolean;
    path: string | null;
    /** Whether a wanted container may lie below: only then are its keys read. */
    followKeys: boolean;
    commas: number;
    empty: boolean;
    key: string | null;
  }
  const stack: Frame[] = [];
  const decoder = new TextDecoder();
  let stringStart = -1;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (stringStart >= 0) {
      // Inside a string: only its end matters (one tight loop: a tokenizer.json is mostly strings).
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) {
        const top = stack[stack.length - 1];
        // A key of a container on the way to a wanted one: remember it, to name the value that follows.
        if (top?.followKeys && isKeyPosition(bytes, i)) top.key = decoder.decode(bytes.subarray(stringStart + 1, i));
        stringStart = -1;
      }
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a /* : */) continue;
    const top = stack[stack.length - 1];
    if (c === 0x2c /* , */) {
      if (top) top.commas++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      const done = stack.pop();
      if (done?.path != null && wanted.has(done.path)) counts.set(done.path, done.empty ? 0 : done.commas + 1);
      continue;
    }
    if (top) top.empty = false;
    if (c === 0x22) {
      stringStart = i;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      let path: string | null = null;
      if (stack.length === 0) path = '';
      else if (top?.followKeys && top.key !== null) {
        const candidate = top.path === '' ? top.key : `${top.path}.${top.key}`;
        if (wanted.has(candidate) || prefixes.has(candidate)) path = candidate;
      }
      stack.push({ object: c === 0x7b, path, followKeys: c === 0x7b && path !== null && prefixes.has(path), commas: 0, empty: true, key: null });
    }
    // Numbers, true, false, null: nothing to follow.
  }
  return counts;
}

/** Whether the string ending at `end` is a key: the next non-space byte is a colon. */
function isKeyPosition(bytes: Uint8Array, end: number): boolean {
  for (let i = end + 1; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x3a;
  }
  return false;
}
