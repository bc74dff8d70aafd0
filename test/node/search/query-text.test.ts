import { describe, expect, it } from 'vitest';
import { keywordsOf, parseQueryText } from '../../../src-main/node/search/query-text';
import { CLOSE_MATCH, NAME_LIFT, fusedScore } from '../../../src-main/node/search/fused-score';
import { CLOSE_MATCH_DEVIATIONS, calibrateMatch, matchProbability } from '../../../src-main/node/search/match-calibration';
import { validateArgument } from '../../../src-common/validated-dispatcher';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { searchRequestFrom } from '../../../src-main/node/cli/commands/search-command';

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

describe('fusedScore', () => {
  it('lifts a name match by a bounded share of the gap to 1, a full tag match to a close match', () => {
    expect(fusedScore(0.2, [], 2)).toBeCloseTo(0.2, 9);
    expect(fusedScore(0, [{ field: 'name', words: ['red', 'circle'] }], 2)).toBeCloseTo(NAME_LIFT, 9);
    expect(fusedScore(0, [{ field: 'name', words: ['circle'] }], 2)).toBeCloseTo(NAME_LIFT / 2, 9);
    expect(fusedScore(0, [{ field: 'tag', words: ['sunset'] }], 1)).toBeGreaterThanOrEqual(CLOSE_MATCH);
    expect(fusedScore(0, [{ field: 'name', words: ['sunset'] }], 1)).toBeLessThan(CLOSE_MATCH);
  });

  it('never lets a name reorder a visual match ahead by more than the lift', () => {
    for (const weaker of [0, 0.1, 0.3, 0.5]) {
      const stronger = weaker + NAME_LIFT * (1 - weaker) + 1e-6;
      expect(fusedScore(stronger, [], 2)).toBeGreaterThan(fusedScore(weaker, [{ field: 'name', words: ['red', 'circle'] }], 2));
    }
  });
});

describe('calibrateMatch', () => {
  const rule = { kind: 'softmax' as const, scale: 17.6, bias: 0, source: 'config' as const };

  it('puts the cut-off CLOSE_MATCH_DEVIATIONS robust deviations above the median of the background', () => {
    const background = Array.from({ length: 101 }, (_, i) => (i - 50) / 500);
    const calibration = calibrateMatch(rule, background);
    expect(calibration.median).toBeCloseTo(0, 9);
    expect(calibration.spread).toBeCloseTo(1.4826 * 0.05, 6);
    expect(calibration.cutoff).toBeCloseTo(CLOSE_MATCH_DEVIATIONS * 1.4826 * 0.05, 6);
    expect(matchProbability(calibration, calibration.cutoff)).toBeCloseTo(0.5, 9);
    expect(matchProbability(calibration, -1)).toBeGreaterThan(0);
  });

  it('falls back to the rule without enough background (the sigmoid family’s own midpoint)', () => {
    const siglip = { kind: 'sigmoid' as const, scale: 117, bias: -12.9, source: 'config' as const };
    expect(calibrateMatch(siglip, [0.1, 0.2]).cutoff).toBeCloseTo(12.9 / 117, 9);
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

describe('lumen search --include-undated', () => {
  it('asks a date-filtered search to keep photos without a capture date', () => {
    const parsed = parseCommandLine(['search', 'red', '--from', '2023-01-01', '--include-undated']);
    expect(searchRequestFrom(parsed.positionals, parsed.limit, parsed.options).filters).toEqual({ from: '2023-01-01', includeUndated: true });
  });
});
