import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { UsageError } from '../../../src-main/node/cli/cli-io';

describe('parseCommandLine', () => {
  it('reads the command, its words and the global options', () => {
    const parsed = parseCommandLine(['search', 'a', 'red circle', '--limit', '3', '--json', '--library', '/tmp/lib', '--vector-backend', 'vss']);
    expect(parsed.command).toBe('search');
    expect(parsed.positionals).toEqual(['a', 'red circle']);
    expect(parsed.limit).toBe(3);
    expect(parsed.global).toEqual({ library: '/tmp/lib', model: undefined, vectorBackend: 'vss', json: true });
  });

  it('accepts folder names with a leading dash after --', () => {
    expect(parseCommandLine(['index', '--', '-odd folder']).positionals).toEqual(['-odd folder']);
  });

  it.each([
    [['search', 'x', '--limit', '0'], /--limit/],
    [['search', 'x', '--limit', 'ten'], /--limit/],
    [['search', 'x', '--limit', '2.5'], /--limit/],
    [['index', 'x', '--vector-backend', 'faiss'], /--vector-backend/],
    [['status', '--bogus'], /bogus/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
