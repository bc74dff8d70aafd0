import type { GeneratedTokenizer } from './clip-tokenizer';
import { EXTRA_WORDS, REFERENCE_TEXTS } from './reference-texts';
import { specialToken } from '../shapes-lit/special-token';

export const SIGLIP_PAD = '</s>';
export const SIGLIP_UNK = '<unk>';
const WORD_START = '▁';

/**
 * A SentencePiece Unigram tokenizer.json shaped like SigLIP's: punctuation removed and text
 * lowercased (SigLIP's canonicalization), Metaspace (`▁` before every word), a Unigram model whose
 * pieces are whole words, word pieces and single characters with log-frequency scores, and `</s>`
 * appended to every text. `</s>` is also the pad token (id 1), as in google/siglip-*.
 */
export function siglipTokenizer(): GeneratedTokenizer {
  const words = [...REFERENCE_TEXTS, EXTRA_WORDS]
    .join(' ')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .split(/\s+/u)
    .filter((w) => w !== '');
  const counts = new Map<string, number>();
  const add = (piece: string, n = 1): void => void counts.set(piece, (counts.get(piece) ?? 0) + n);
  for (const word of words) {
    add(WORD_START + word, 2);
    const chars = [...word];
    // Word pieces: every 2–4 character chunk, so unseen words still split into known parts.
    for (let length = 2; length <= 4; length++) for (let i = 0; i + length <= chars.length; i++) add(chars.slice(i, i + length).join(''));
    for (const c of chars) add(c);
  }
  add(WORD_START, 4);
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') add(c);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const pieces = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([piece, n]): [string, number] => [piece, Math.log(n / total)]);
  const vocab: Array<[string, number]> = [['<pad>', 0], [SIGLIP_PAD, 0], [SIGLIP_UNK, 0], ...pieces];
  return {
    vocabSize: vocab.length,
    tokenizerJson: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [specialToken(0, '<pad>'), specialToken(1, SIGLIP_PAD), specialToken(2, SIGLIP_UNK)],
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { Regex: '[\\p{P}\\p{S}]' }, content: '' }, { type: 'Lowercase' }] },
      pre_tokenizer: { type: 'Metaspace', replacement: WORD_START, prepend_scheme: 'always', split: true },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: SIGLIP_PAD, type_id: 0 } }],
        pair: [
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: SIGLIP_PAD, type_id: 0 } },
          { Sequence: { id: 'B', type_id: 0 } },
          { SpecialToken: { id: SIGLIP_PAD, type_id: 0 } },
        ],
        special_tokens: { [SIGLIP_PAD]: { id: SIGLIP_PAD, ids: [1], tokens: [SIGLIP_PAD] } },
      },
      decoder: { type: 'Metaspace', replacement: WORD_START, prepend_scheme: 'always', split: true },
      model: { type: 'Unigram', unk_id: 2, vocab, byte_fallback: false },
    },
    tokenizerConfig: {
      tokenizer_class: 'SiglipTokenizer',
      model_max_length: 64,
      pad_token: SIGLIP_PAD,
      eos_token: SIGLIP_PAD,
      unk_token: SIGLIP_UNK,
      do_lower_case: true,
    },
  };
}
