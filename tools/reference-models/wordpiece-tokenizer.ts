import type { GeneratedTokenizer } from './clip-tokenizer';
import { EXTRA_WORDS, MULTILINGUAL_TEXTS, REFERENCE_TEXTS } from './reference-texts';
import { specialToken } from '../shapes-lit/special-token';

export interface WordPieceOptions {
  /** bert-base-uncased (jina-clip-v1) lowercases and strips accents; multilingual cased BERT keeps both. */
  lowercase: boolean;
  modelMaxLength: number;
  tokenizerClass: string;
}

/**
 * A BERT WordPiece tokenizer.json in the layout of the real ones: BertNormalizer (clean text,
 * Chinese characters split, lowercase and accent stripping only for uncased models),
 * BertPreTokenizer, WordPiece with `##` continuations, `[CLS] … [SEP]` around every text and
 * `[PAD]` = 0 — as distilbert-base-multilingual-cased (the text tower of
 * sentence-transformers/clip-ViT-B-32-multilingual-v1) and bert-base-uncased ship it. The
 * vocabulary is the special tokens, every character of the captions, whole words and word tails.
 */
export function wordPieceTokenizer(options: WordPieceOptions): GeneratedTokenizer {
  const text = [...REFERENCE_TEXTS, ...MULTILINGUAL_TEXTS, EXTRA_WORDS].join(' ');
  const normalized = options.lowercase
    ? text
        .normalize('NFD')
        .replace(/\p{Mn}/gu, '')
        .toLowerCase()
    : text;
  const words = normalized.split(/[\s\p{P}\p{S}]+/u).filter((w) => w !== '');
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const seen = new Set(vocab);
  const add = (piece: string): void => {
    if (!seen.has(piece)) {
      seen.add(piece);
      vocab.push(piece);
    }
  };
  for (const c of [...normalized].filter((c) => !/\s/u.test(c))) add(c);
  for (const c of [...normalized].filter((c) => !/\s/u.test(c))) add(`##${c}`);
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  // Frequent whole words, and for longer words a head and a ## tail, so unseen words still split into known parts.
  for (const [word] of [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    add(word);
    const chars = [...word];
    if (chars.length > 4) {
      add(chars.slice(0, 3).join(''));
      add(`##${chars.slice(3).join('')}`);
    }
  }
  return {
    vocabSize: vocab.length,
    tokenizerJson: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((token, id) => specialToken(id, token)),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: options.lowercase },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((piece, id) => [piece, id])),
      },
    },
    tokenizerConfig: {
      tokenizer_class: options.tokenizerClass,
      do_lower_case: options.lowercase,
      model_max_length: options.modelMaxLength,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      mask_token: '[MASK]',
      strip_accents: null,
      tokenize_chinese_chars: true,
    },
  };
}
