import { describe, expect, it } from 'vitest';
import { keywordsOf, parseQueryText } from '../../../src-main/node/search/query-text';
import { fuseRankings } from '../../../src-main/node/search/rank-fusion';
import { validateArgument } from '../../../src-common/validated-dispatcher';

const validateSearchRequest = (input: unknown) => validateArgument('search', input);

describe('parseQueryText', () => {
  it.each([
    ['beach -people', 'beach', ['people']],
    ['a red circle', 'a red circle', []],
    ['sunset -"red car" -dog at sea', 'sunset at sea', ['red car', 'dog']],
    ['well-known - thing', 'well-known thing', []],
    ['-people', '', ['people']],
  ])('%s', (text, positive, negative) => {
    expect(parseQueryText(text)).toEqual({ positive, negative });
  });
});

describe('keywordsOf', () => {
  it('keeps meaningful lower-case words, without prompt filler or accents', () => {
    expect(keywordsOf('A photo of a Red circle at Zürich 2023')).toEqual(['red', 'circle', 'zurich', '2023']);
  });
});

describe('fuseRankings', () => {
  it('puts photos found by both rankings first, then by rank, ties to the first ranking', () => {
    expect(
      fuseRankings([
        [1, 2, 3],
        [3, 4],
      ]),
    ).toEqual([3, 1, 2, 4]);
  });
});

describe('validateSearchRequest with the search options', () => {
  it('accepts examples without words, filters, paging and grouping', () => {
    const result = validateSearchRequest({
      text: '',
      like: [3, '/a.jpg'],
      limit: 5,
      offset: 10,
      groupDuplicates: true,
      filters: { fileTypes: ['JPG'], from: '2024-01-01', to: '2024-01-31' },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        text: '',
        like: [3, '/a.jpg'],
        limit: 5,
        offset: 10,
        groupDuplicates: true,
        filters: { fileTypes: ['jpg'], from: '2024-01-01', to: '2024-01-31' },
      },
    });
  });

  it.each([
    { text: '' },
    { text: 'x', like: [0] },
    { text: 'x', textWeight: 2 },
    { text: 'x', offset: -1 },
    { text: 'x', filters: { from: 'yesterday' } },
    { text: 'x', filters: { from: '2024-02-01', to: '2024-01-01' } },
    { text: 'x', filters: { folders: [''] } },
  ])('refuses %j', (input) => {
    expect(validateSearchRequest(input).ok).toBe(false);
  });
});
