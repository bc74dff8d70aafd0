/**
 * Each command takes its own options (and those of every command), says which when given another's,
 * and has its own --help; the CLI reaches the services through the contract's validated dispatcher,
 * so a name the window would refuse is refused on the command line too (exit 2, nothing written).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS, parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { COMMAND_OPTION_NAMES, GLOBAL_OPTION_NAMES } from '../../../src-main/node/cli/command-table';
import { UsageError, type CliIo } from '../../../src-main/node/cli/cli-io';
import { runCli } from '../../../src-main/node/cli/main';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function lumen(args: readonly string[]): Promise<Run> {
  const run = { out: '', err: '' };
  const io: CliIo = { out: (text) => (run.out += text), err: (text) => (run.err += text), interactive: false };
  const code = await runCli(args, io);
  return { code, ...run };
}

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-command-options-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('per-command options', () => {
  it('lumen status --move exits 2 naming the option and the command', async () => {
    const run = await lumen(['status', '--move', '--library', join(base, 'never-made')]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('lumen status does not take --move');
    expect(run.err).toContain('--errors');
  });

  it.each([
    [['status', '--move', '--threshold', '0.3'], 'lumen status does not take --move'],
    [['search', 'sea', '--into', 'kinds'], 'lumen search does not take --into'],
    [['classify', 'a.jpg', '--into', 'kinds', '--limit', '3'], 'lumen classify does not take --limit'],
    [['undo', '--all'], 'lumen undo does not take --all'],
    [['index', '/photos', '-n', '5'], 'lumen index does not take --limit'],
    [['config', 'get', 'model.folder', '--errors'], 'lumen config does not take --errors'],
  ])('%j is refused', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('the table names every option the parser reads, and only those', () => {
    const inTable = new Set<string>([...GLOBAL_OPTION_NAMES, ...Object.values(COMMAND_OPTION_NAMES).flat()]);
    for (const name of Object.keys(OPTIONS)) expect(inTable.has(name), `--${name} is taken by no command`).toBe(true);
    for (const name of inTable) expect(Object.hasOwn(OPTIONS, name), `--${name} is not an option`).toBe(true);
  });

  it('still takes each command its own options and the options of every command', () => {
    expect(parseCommandLine(['status', '--errors', '--json', '--library', '/tmp/x']).errors).toBe(true);
    expect(parseCommandLine(['classify', 'a.jpg', '--into', 'kinds', '--move', '--dry-run']).options).toMatchObject({ into: 'kinds', move: true });
    expect(parseCommandLine(['tag', 'run', '--tag', 'sea', '--folder', '/photos']).options).toMatchObject({ tag: ['sea'], folder: ['/photos'] });
    expect(parseCommandLine(['search', 'sea', '-n', '3', '--device', 'cpu']).limit).toBe(3);
  });

  it('--help of a command prints that command only, exit 0', async () => {
    const run = await lumen(['classify', '--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('lumen classify <file>... --into <set>');
    expect(run.out).not.toContain('lumen index');
    expect(run.out).toContain('--library <folder>');
    const tag = await lumen(['help', 'tag']);
    expect(tag.code).toBe(0);
    expect(tag.out).toContain('lumen tag export');
    expect(tag.out).not.toContain('lumen search');
  });
});

describe('the CLI through the validated dispatcher', () => {
  it.each([
    [['tag', 'add', 'a\tb'], 'tag name must be 1 to 100 characters without control characters'],
    [['tag', 'add', 'x'.repeat(101)], 'tag name must be 1 to 100 characters'],
    [['tag', 'rename', 'sea', ' '], 'to must be 1 to 100 characters'],
    [['category', 'add', 'kinds', '../up'], 'cannot be a folder name'],
  ])("%j exits 2 with the contract's sentence, and nothing is made", async (argv, message) => {
    const library = await mkdtemp(join(base, 'lib-'));
    const run = await lumen([...argv, '--library', library]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    const tags = await lumen(['tag', 'list', '--json', '--library', library]);
    expect(JSON.parse(tags.out)).toEqual({ tags: [] });
  });
});
