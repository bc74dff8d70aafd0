/**
 * Every CLI command reaches the services through a validated dispatcher: the contract's, or the
 * CLI's own calls (cli-methods.ts) made the same way. An argument a schema refuses ends the command
 * with exit 2 and one sentence, before any work; an unknown key is named, never dropped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGUMENTS } from '../../../src-main/node/cli/cli-methods';
import { cliApi } from '../../../src-main/node/cli/cli-api';
import { UsageError, type CliIo } from '../../../src-main/node/cli/cli-io';
import { runCli } from '../../../src-main/node/cli/main';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { parseArgument } from '../../../src-common/schema-kit';

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

/** One sentence: a message line ending in a full stop or a quoted name, then the usage hint. */
function expectRefused(run: Run, sentence: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.err).toMatch(sentence);
  expect(run.err).toContain('Run `lumen --help` for usage.');
  expect(run.err).not.toMatch(/Error:|at .*\.ts:\d+/);
}

const TOO_LONG = `/${'x'.repeat(4_200)}`;
let base = '';
let library = '';
let photo = '';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-cli-dispatcher-'));
  library = join(base, 'library');
  photo = join(base, 'red-square.png');
  await writeFile(photo, 'not decoded: refused before any work');
}, 120_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('CLI commands refuse a bad argument with exit 2 and a sentence', () => {
  it('lumen index: a folder path longer than any path', async () => {
    expectRefused(await lumen(['index', TOO_LONG, '--library', library]), /lumen: each of folders must be a path of 1 to 4096 characters/);
  }, 120_000);

  it('lumen classify: a category set name with a control character', async () => {
    expectRefused(await lumen(['classify', photo, '--into', 'a\u0001b', '--library', library]), /into must be 1 to 100 characters without control characters/);
  }, 120_000);

  it('lumen tag merge: an empty tag name', async () => {
    expectRefused(await lumen(['tag', 'merge', '  ', 'other', '--library', library]), /from must be 1 to 100 characters/);
  }, 120_000);

  it('lumen tag tune: a tag name too long', async () => {
    expectRefused(await lumen(['tag', 'tune', 'n'.repeat(101), '--library', library]), /tag must be 1 to 100 characters/);
  }, 120_000);

  it('lumen tag run: an empty --tag', async () => {
    expectRefused(await lumen(['tag', 'run', '--tag', '', '--library', library]), /tag must be 1 to 100 characters/);
  }, 120_000);

  it('lumen tag accept: a photo path longer than any path', async () => {
    expectRefused(await lumen(['tag', 'accept', 'red', TOO_LONG, '--library', library]), /each of photos must be a path of 1 to 4096 characters/);
  }, 120_000);

  it('lumen tag export: a folder path longer than any path', async () => {
    expectRefused(await lumen(['tag', 'export', '--folder', TOO_LONG, '--library', library]), /folder must be a path of 1 to 4096 characters/);
  }, 120_000);

  it('lumen category add with an example: a category name with a slash', async () => {
    const run = await lumen(['category', 'add', 'colours', 'a/b', '--example', photo, '--library', library]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^lumen: .*category/);
  }, 120_000);

  it('lumen search: a limit beyond the contract’s', async () => {
    expectRefused(await lumen(['search', 'red', '--limit', '5000', '--library', library]), /limit/);
  }, 120_000);
});

describe('the CLI’s own calls', () => {
  it('refuse an unknown key by name, through the CLI api, before the handler runs', async () => {
    const services = await LumenServices.open({ libraryDir: join(base, 'own-calls') });
    try {
      const api = cliApi(services);
      const refused = await api.own('indexFolders', { folders: [base], watch: true }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(UsageError);
      expect((refused as UsageError).message).toBe('indexFolders does not take "watch"');
      // Nothing was indexed: the folder never became a library root.
      expect(services.photos.listRoots()).toEqual([]);
      const dryRunAlone = await api.own('classifyFiles', { into: 'colours', files: [photo], dryRun: true }).catch((error: unknown) => error);
      expect((dryRunAlone as UsageError).message).toBe('--dry-run goes with --move or --copy');
    } finally {
      await services.dispose();
    }
  }, 120_000);

  it('every call’s schema refuses a key it does not take', () => {
    for (const [method, schema] of Object.entries(CLI_ARGUMENTS)) {
      if (method === 'tuneTag') continue; // takes a bare name, not an object
      const refused = parseArgument(schema, { surely: 'not a key' });
      expect(refused.ok, method).toBe(false);
    }
  });
});
