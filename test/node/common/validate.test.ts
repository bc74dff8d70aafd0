import { describe, expect, it } from 'vitest';
import { validateArgument } from '../../../src-common/validated-dispatcher';

const validateSearchRequest = (input: unknown) => validateArgument('search', input);

describe('validateSearchRequest', () => {
  it('trims the text and defaults the limit', () => {
    expect(validateSearchRequest({ text: '  red circle ' })).toEqual({ ok: true, value: { text: 'red circle', limit: 20 } });
  });

  it.each([
    null,
    'red',
    [],
    { text: '' },
    { text: 3 },
    { text: 'x', limit: 0 },
    { text: 'x', limit: 1.5 },
    { text: 'x', limit: '5' },
    { text: 'x'.repeat(1001) },
  ])('refuses %j', (input) => {
    const result = validateSearchRequest(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad-argument');
  });
});
