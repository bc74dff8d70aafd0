import { describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { TextTokenizer } from '../../../src-main/node/model/text-tokenizer';
import { TINY_VOCAB, tinyTokenizerJson } from './fixtures/tiny-model-folder';

const id = (word: (typeof TINY_VOCAB)[number]): number => TINY_VOCAB.indexOf(word);
const config = { model_max_length: 6, pad_token: '[PAD]', unk_token: '[UNK]' };

describe('TextTokenizer', () => {
  it('lowercases, splits on whitespace and maps unknown words to [UNK]', () => {
    const tokenizer = TextTokenizer.create(tinyTokenizerJson(false), config);
    expect(tokenizer.encodeOne('A RED  Circle')).toEqual([id('a'), id('red'), id('circle')]);
    expect(tokenizer.encodeOne('a green star')).toEqual([id('a'), id('[UNK]'), id('star')]);
  });

  it('pads to the longest text with the pad token and a zero mask', () => {
    const tokenizer = TextTokenizer.create(tinyTokenizerJson(false), { ...config, pad_token: '[SEP]' });
    const batch = tokenizer.encode(['red', 'a blue star']);
    expect(batch.batchSize).toBe(2);
    expect(batch.sequenceLength).toBe(3);
    expect(Array.from(batch.inputIds, Number)).toEqual([id('red'), id('[SEP]'), id('[SEP]'), id('a'), id('blue'), id('star')]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('pads to model_max_length when asked (towers trained without a mask)', () => {
    const batch = TextTokenizer.create(tinyTokenizerJson(false), config).encode(['red'], 'max_length');
    expect(batch.sequenceLength).toBe(6);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('pads on the left when the config says so', () => {
    const batch = TextTokenizer.create(tinyTokenizerJson(false), { ...config, padding_side: 'left' }).encode(['red', 'a red star']);
    expect(Array.from(batch.inputIds, Number).slice(0, 3)).toEqual([0, 0, id('red')]);
    expect(Array.from(batch.attentionMask, Number).slice(0, 3)).toEqual([0, 0, 1]);
  });

  it('truncates at model_max_length and keeps the special tokens at both ends', () => {
    const tokenizer = TextTokenizer.create(tinyTokenizerJson(true), config);
    expect(tokenizer.encodeOne('red star')).toEqual([id('[CLS]'), id('red'), id('star'), id('[SEP]')]);
    expect(tokenizer.encodeOne('a photo of a red blue star')).toEqual([id('[CLS]'), id('a'), id('photo'), id('of'), id('a'), id('[SEP]')]);
    const batch = tokenizer.encode(['a photo of a red blue star circle']);
    expect(batch.sequenceLength).toBe(6);
  });

  it('keeps every token when the files set no length limit', () => {
    const tokenizer = TextTokenizer.create(tinyTokenizerJson(false), { pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: 1e30 });
    expect(tokenizer.maxLength).toBeNull();
    expect(tokenizer.encodeOne('a a a a a a a a a a')).toHaveLength(10);
  });

  it('gives an empty text one padded position rather than a zero-length tensor', () => {
    const batch = TextTokenizer.create(tinyTokenizerJson(false), config).encode(['']);
    expect(batch.sequenceLength).toBe(1);
    expect(Array.from(batch.attentionMask, Number)).toEqual([0]);
  });

  it('refuses a pad token that is not in the vocabulary', () => {
    expect(() => TextTokenizer.create(tinyTokenizerJson(false), { ...config, pad_token: '<pad>' })).toThrow(LumenFailure);
  });
});
