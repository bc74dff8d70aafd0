import { FILLER_WORDS, plural } from './captions';
import { COLORS, SHAPES } from './shapes-world';
import { specialToken } from './special-token';

export const PAD_TOKEN = '[PAD]';
export const UNK_TOKEN = '[UNK]';
/** Longest query the text tower reads; longer ones are truncated (the world needs a handful of words). */
export const MODEL_MAX_LENGTH = 16;

/** [PAD], [UNK], then colours, shapes, plurals and filler words: ids are positions in this list. */
export function vocabulary(): string[] {
  return [PAD_TOKEN, UNK_TOKEN, ...COLORS, ...SHAPES, ...SHAPES.map(plural), 'color', 'colour', ...FILLER_WORDS];
}

/**
 * tokenizer.json in the Hugging Face `tokenizers` format: NFKC + lowercase, whitespace
 * pre-tokenizer (words and punctuation runs), WordLevel model with [UNK]; no special tokens added.
 */
export function tokenizerJson(vocab: readonly string[]): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [specialToken(0, PAD_TOKEN), specialToken(1, UNK_TOKEN)],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(vocab.map((word, id) => [word, id])), unk_token: UNK_TOKEN },
  };
}

export function tokenizerConfigJson(): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: MODEL_MAX_LENGTH,
    pad_token: PAD_TOKEN,
    unk_token: UNK_TOKEN,
    padding_side: 'right',
    do_lower_case: true,
    clean_up_tokenization_spaces: false,
  };
}
