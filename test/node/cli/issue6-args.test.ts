import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { parseNumberOption } from '../../../src-main/node/cli/number-option';

describe('search, tag and classify options', () => {
  it('collects repeatable options and flags', () => {
    const parsed = parseCommandLine(['search', 'dog', '--like', 'a.jpg', '--like', 'b.jpg', '--folder', '/x', '--tag', 'family', '--group', '--offset', '20']);
    expect(parsed.options).toMatchObject({ like: ['a.jpg', 'b.jpg'], folder: ['/x'], tag: ['family'], group: true, offset: '20' });
    const classify = parseCommandLine(['classify', 'a.jpg', '--into', 'shapes', '--move', '--dry-run']);
    expect(classify.options).toMatchObject({ into: 'shapes', move: true, 'dry-run': true, copy: false });
  });

  it('checks numeric options against their range', () => {
    expect(parseNumberOption('0.25', '--text-weight', { min: 0, max: 1 })).toBe(0.25);
    expect(parseNumberOption(undefined, '--offset', { min: 0, max: 10, integer: true })).toBeUndefined();
    expect(() => parseNumberOption('1.5', '--offset', { min: 0, max: 10, integer: true })).toThrow(/whole number/);
    expect(() => parseNumberOption('2', '--text-weight', { min: 0, max: 1 })).toThrow(/from 0 to 1/);
    expect(() => parseNumberOption('-1', '--text-weight', { min: 0, max: 1 })).toThrow();
  });
});
