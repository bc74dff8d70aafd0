/**
 * `lumen model`, `config` and `exclude` open no services, yet their failures reach the library's log
 * (a child logger naming the command); a refused command never creates a library just to log in it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/node/cli/cli-io';
import { runCli } from '../../../src-main/node/cli/main';
import { logFileOf } from '../../../src-main/node/logging/file-logger';

let base = '';
const previousModels = process.env.LUMEN_MODELS;

async function lumen(args: readonly string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIo = { out: () => undefined, err: (text) => (err += text), interactive: false };
  return { code: await runCli(args, io), err };
}

function logLines(library: string): Array<Record<string, unknown>> {
  return readFileSync(logFileOf(library), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-command-log-'));
  process.env.LUMEN_MODELS = join(base, 'models');
});
afterAll(async () => {
  if (previousModels === undefined) delete process.env.LUMEN_MODELS;
  else process.env.LUMEN_MODELS = previousModels;
  await rm(base, { recursive: true, force: true });
});

describe('commands without services', () => {
  it('lumen model remove of a model not installed: the person gets a sentence, the log a warn line naming the command', async () => {
    const library = join(base, 'library');
    mkdirSync(library);
    const run = await lumen(['model', 'remove', 'nothing-here', '--library', library]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('no installed model with id "nothing-here"');
    const line = logLines(library).find((l) => l['msg'] === 'lumen model failed');
    expect(line).toMatchObject({ level: 40, command: 'model', process: 'cli', code: 'missing-model' });
  });

  it('lumen exclude with a bad pattern writes its failure to the log too', async () => {
    const library = join(base, 'library-exclude');
    mkdirSync(library);
    const run = await lumen(['exclude', 'frobnicate', '--library', library]);
    expect(run.code).not.toBe(0);
    expect(logLines(library).some((l) => l['command'] === 'exclude')).toBe(true);
  });

  it('a library that does not exist is not created to log a failure in', async () => {
    const library = join(base, 'never-made');
    const run = await lumen(['model', 'remove', 'nothing-here', '--library', library]);
    expect(run.code).toBe(1);
    expect(existsSync(library)).toBe(false);
  });
});
