/** One byte range of a file of `size` bytes, inclusive at both ends, as HTTP counts them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a `Range` header asks for: null when there is none or it is not a single byte range
 * (the whole file is then sent, as HTTP allows); 'unsatisfiable' when it starts past the end.
 * Video players ask for `bytes=0-` first, then jump with `bytes=N-` when seeking.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    // `bytes=-N`: the last N bytes.
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
