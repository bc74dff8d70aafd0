/** What a search box line means: words to find, and words after a minus sign to push away from. */
export interface ParsedQueryText {
  /** The wanted words, as typed (quotes removed), for the text tower. */
  positive: string;
  /** Each `-word` or `-"two words"`, for the text tower and the full-text exclusion. */
  negative: string[];
}

// A term is a quoted phrase or a run of non-space characters, optionally preceded by a minus.
const TERM = /(-?)(?:"([^"]*)"|(\S+))/g;

export function parseQueryText(text: string): ParsedQueryText {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const match of text.matchAll(TERM)) {
    const minus = match[1] === '-';
    const term = (match[2] ?? match[3] ?? '').trim();
    // A lone "-" (or `-""`) is punctuation, not an exclusion.
    if (term === '' || term === '-') continue;
    if (minus) negative.push(term);
    else positive.push(term);
  }
  return { positive: positive.join(' '), negative };
}

/** Words that carry no meaning in file names or tags; prompts like "a photo of a red circle" are full of them. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'and',
  'or',
  'with',
  'for',
  'by',
  'from',
  'is',
  'are',
  'this',
  'that',
  'photo',
  'photos',
  'picture',
  'pictures',
  'image',
  'images',
]);

/** Lower-case letter/digit words worth looking up in file names, folder names and tags. */
export function keywordsOf(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => !STOP_WORDS.has(word) && (word.length > 1 || /\d/.test(word))))];
}
