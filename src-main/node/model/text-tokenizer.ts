import { Tokenizer } from '@huggingface/tokenizers';
import { LumenFailure } from '../../../src-common/result';
import type { JsonObject } from './model-folder';
import { tokenizerProblem } from './parser-messages';

/** A batch of token ids as the text tower takes them: row-major [batchSize, sequenceLength]. */
export interface TokenizedBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batchSize: number;
  sequenceLength: number;
}

/**
 * `longest` pads to the longest text in the batch (transformers.js' `padding: true`);
 * `max_length` pads every text to model_max_length, for towers trained that way (SigLIP).
 */
export type PaddingStrategy = 'longest' | 'max_length';

/** tokenizer_config.json uses ~1e30 to mean "no limit". */
const UNLIMITED_LENGTH = 1_000_000;
/**
 * Longest text, in tokens, Lumen runs a text tower on. Real towers take 64 (SigLIP) to 8192
 * (jina-clip); a tower padded to a length near a million would need terabytes for its attention.
 */
export const MAX_SEQUENCE_LENGTH = 16_384;

/**
 * tokenizer.json read by @huggingface/tokenizers, plus what that library leaves to its callers:
 * truncation at model_max_length (keeping the special tokens the post-processor adds, as the
 * Rust tokenizers do) and padding with the pad token and a zero attention mask.
 */
export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    /** Longest sequence the text tower accepts, or null when the files set no limit. */
    readonly maxLength: number | null,
    readonly padTokenId: number,
    readonly paddingSide: 'left' | 'right',
  ) {}

  static create(tokenizerJson: JsonObject, tokenizerConfig: JsonObject): TextTokenizer {
    const maxLength = readMaxLength(tokenizerJson, tokenizerConfig);
    if (maxLength !== null && maxLength.tokens > MAX_SEQUENCE_LENGTH) {
      throw new LumenFailure(
        'bad-model',
        `model file ${maxLength.file} sets texts of up to ${maxLength.tokens.toLocaleString('en-US')} tokens, more than the ${MAX_SEQUENCE_LENGTH.toLocaleString('en-US')} Lumen runs a text tower on: it is damaged or not made for an image–text model`,
      );
    }
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (error) {
      throw new LumenFailure('bad-model', `model file tokenizer.json cannot be used: ${tokenizerProblem(error)}`);
    }
    const paddingSide = tokenizerConfig.padding_side === 'left' ? 'left' : 'right';
    return new TextTokenizer(tokenizer, maxLength?.tokens ?? null, readPadTokenId(tokenizer, tokenizerJson, tokenizerConfig), paddingSide);
  }

  /** The same tokenizer cutting texts at `maxLength` tokens (a sentence-transformers max_seq_length, a graph's fixed length). */
  withMaxLength(maxLength: number): TextTokenizer {
    return new TextTokenizer(this.tokenizer, maxLength, this.padTokenId, this.paddingSide);
  }

  /** Token ids of one text, special tokens included, truncated to maxLength. */
  encodeOne(text: string): number[] {
    const full = this.tokenizer.encode(text).ids;
    if (this.maxLength === null || full.length <= this.maxLength) return full;
    const content = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    const prefixLength = findSubsequence(full, content);
    const specialCount = full.length - content.length;
    if (prefixLength < 0 || specialCount >= this.maxLength) return full.slice(0, this.maxLength);
    return [...full.slice(0, prefixLength), ...content.slice(0, this.maxLength - specialCount), ...full.slice(prefixLength + content.length)];
  }

  encode(texts: readonly string[], padding: PaddingStrategy = 'longest'): TokenizedBatch {
    const rows = texts.map((text) => this.encodeOne(text));
    const longest = Math.max(1, ...rows.map((r) => r.length));
    const sequenceLength = padding === 'max_length' && this.maxLength !== null ? Math.max(this.maxLength, longest) : longest;
    const inputIds = new BigInt64Array(texts.length * sequenceLength).fill(BigInt(this.padTokenId));
    const attentionMask = new BigInt64Array(texts.length * sequenceLength);
    rows.forEach((ids, row) => {
      const start = row * sequenceLength + (this.paddingSide === 'left' ? sequenceLength - ids.length : 0);
      ids.forEach((id, i) => {
        inputIds[start + i] = BigInt(id);
        attentionMask[start + i] = 1n;
      });
    });
    return { inputIds, attentionMask, batchSize: texts.length, sequenceLength };
  }
}

/** The length limit and the file that sets it, or null when the files set none. */
function readMaxLength(tokenizerJson: JsonObject, tokenizerConfig: JsonObject): { tokens: number; file: string } | null {
  const fromConfig = tokenizerConfig.model_max_length;
  if (typeof fromConfig === 'number' && Number.isInteger(fromConfig) && fromConfig > 0 && fromConfig < UNLIMITED_LENGTH)
    return { tokens: fromConfig, file: 'tokenizer_config.json' };
  const truncation = tokenizerJson.truncation;
  if (typeof truncation === 'object' && truncation !== null) {
    const length = (truncation as JsonObject).max_length;
    if (typeof length === 'number' && Number.isInteger(length) && length > 0) return { tokens: length, file: 'tokenizer.json' };
  }
  return null;
}

/** tokenizer_config's pad_token, else tokenizer.json's padding.pad_id, else 0 (masked out either way). */
function readPadTokenId(tokenizer: Tokenizer, tokenizerJson: JsonObject, tokenizerConfig: JsonObject): number {
  const padToken = tokenizerConfig.pad_token;
  const padText = typeof padToken === 'string' ? padToken : typeof padToken === 'object' && padToken !== null ? (padToken as JsonObject).content : undefined;
  if (typeof padText === 'string') {
    const id = tokenizer.token_to_id(padText);
    if (id === undefined)
      throw new LumenFailure('bad-model', `model file tokenizer_config.json: pad_token ${JSON.stringify(padText)} is not in the vocabulary`);
    return id;
  }
  const padding = tokenizerJson.padding;
  if (typeof padding === 'object' && padding !== null && typeof (padding as JsonObject).pad_id === 'number') return (padding as JsonObject).pad_id as number;
  return 0;
}

function findSubsequence(haystack: readonly number[], needle: readonly number[]): number {
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((value, i) => haystack[start + i] === value)) return start;
  }
  return -1;
}
