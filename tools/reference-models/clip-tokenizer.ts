import { EXTRA_WORDS, REFERENCE_TEXTS } from './reference-texts';
import { specialToken } from '../shapes-lit/special-token';

export const CLIP_BOS = '<|startoftext|>';
export const CLIP_EOS = '<|endoftext|>';
/** CLIP's pre-tokenizer split: contractions, letter runs, single digits, other non-space runs. */
const CLIP_SPLIT = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

export interface GeneratedTokenizer {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  vocabSize: number;
}

/**
 * A CLIP tokenizer.json in the layout of openai/clip-vit-*: NFC + whitespace collapse +
 * lowercase, CLIP's regex split, byte-level alphabet, BPE with `</w>` word ends, and
 * <|startoftext|> … <|endoftext|> around every text. The vocabulary is the 256 byte symbols, the
 * same with `</w>`, then `merges` merges learned from the reference texts, then the two special
 * tokens last — so end-of-text has the largest id, which CLIP's EOS pooling (argmax) relies on.
 */
export function clipTokenizer(merges = 300): GeneratedTokenizer {
  const byteSymbols = byteLevelAlphabet();
  const vocab: string[] = [...byteSymbols, ...byteSymbols.map((s) => `${s}</w>`)];
  const learned = learnMerges(trainingWords(byteSymbols), merges);
  // Two merges can spell the same token (ab+c, a+bc); the vocabulary holds it once.
  for (const [left, right] of learned) if (!vocab.includes(left + right)) vocab.push(left + right);
  vocab.push(CLIP_BOS, CLIP_EOS);
  const bos = vocab.length - 2;
  const eos = vocab.length - 1;
  return {
    vocabSize: vocab.length,
    tokenizerJson: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [specialToken(bos, CLIP_BOS), specialToken(eos, CLIP_EOS)],
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: CLIP_SPLIT }, behavior: 'Removed', invert: true },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
        ],
      },
      post_processor: { type: 'RobertaProcessing', sep: [CLIP_EOS, eos], cls: [CLIP_BOS, bos], trim_offsets: false, add_prefix_space: false },
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: CLIP_EOS,
        continuing_subword_prefix: '',
        end_of_word_suffix: '</w>',
        fuse_unk: false,
        byte_fallback: false,
        vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
        merges: learned.map(([left, right]) => `${left} ${right}`),
      },
    },
    tokenizerConfig: {
      tokenizer_class: 'CLIPTokenizer',
      model_max_length: 77,
      bos_token: CLIP_BOS,
      eos_token: CLIP_EOS,
      pad_token: CLIP_EOS,
      unk_token: CLIP_EOS,
      do_lower_case: true,
      add_prefix_space: false,
      errors: 'replace',
    },
  };
}

/** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to U+0100 on. */
export function byteLevelAlphabet(): string[] {
  const printable = [...range(33, 126), ...range(161, 172), ...range(174, 255)];
  const codes = new Map<number, number>(printable.map((b) => [b, b]));
  let next = 256;
  for (let b = 0; b < 256; b++) if (!codes.has(b)) codes.set(b, next++);
  const ordered = [...printable, ...range(0, 255).filter((b) => !printable.includes(b))];
  return ordered.map((b) => String.fromCodePoint(codes.get(b) ?? b));
}

/** Words of the reference texts as byte-level symbols, the last one carrying `</w>`. */
function trainingWords(byteSymbols: readonly string[]): string[][] {
  const byByte = new Map<number, string>();
  const printable = [...range(33, 126), ...range(161, 172), ...range(174, 255)];
  const ordered = [...printable, ...range(0, 255).filter((b) => !printable.includes(b))];
  ordered.forEach((b, i) => byByte.set(b, byteSymbols[i] ?? ''));
  const text = [...REFERENCE_TEXTS, EXTRA_WORDS].join(' ').normalize('NFC').toLowerCase();
  const words = text.match(/'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => {
    const symbols = [...new TextEncoder().encode(word)].map((b) => byByte.get(b) ?? '');
    symbols[symbols.length - 1] += '</w>';
    return symbols;
  });
}

/** Plain BPE training: merge the most frequent adjacent pair, ties broken by text order. */
function learnMerges(words: string[][], count: number): Array<[string, string]> {
  const merges: Array<[string, string]> = [];
  let current = words.map((w) => [...w]);
  for (let step = 0; step < count; step++) {
    const pairs = new Map<string, number>();
    for (const word of current)
      for (let i = 0; i + 1 < word.length; i++) {
        const key = `${word[i]} ${word[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    const best = [...pairs.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
    if (!best) break;
    const [left = '', right = ''] = best[0].split(' ');
    merges.push([left, right]);
    current = current.map((word) => {
      const merged: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (word[i] === left && word[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else merged.push(word[i] ?? '');
      }
      return merged;
    });
  }
  return merges;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
