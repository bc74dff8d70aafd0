/**
 * What a person sees from the built `lumen` command (bin/lumen.js → out/main/cli.js, built by
 * `npm run build`, which scripts/test.sh runs first) when the input is unlucky: an empty or wrong
 * --library, a model.folder that is no model, search words that start with a dash, file names
 * holding newlines or terminal escape sequences. Each gets a sentence that says what is wrong and
 * what to do, never Node's raw error, and a name is never printed raw to the terminal.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryStatus, SearchResponse } from '../../../src-common/contract';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';

const root = join(import.meta.dirname, '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built command; resolves with its exit code and output whatever the code. */
function lumen(args: readonly string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/lumen.js'), ...args], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** No Node error code or syscall text (EEXIST, ENOENT, mkdir …) reaches the person. */
function expectNoRawError(run: Run): void {
  expect(run.stderr).not.toMatch(/\bE[A-Z]{3,}\b|mkdir|at .*\.js:\d+|Unknown option '/);
}

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-plain-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('--library', () => {
  it('"" is refused (exit 2) instead of quietly making a library in the current folder', async () => {
    const cwd = join(base, 'cwd');
    await mkdir(cwd);
    const run = await lumen(['status', '--library', ''], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "lumen: --library is empty: give it the library's folder (it is made if missing); an empty path would quietly mean the current folder",
    );
    expect(await readdir(cwd)).toEqual([]);
  });

  it('a file is refused with a sentence, not "EEXIST mkdir"', async () => {
    const file = join(base, 'not-a-folder.txt');
    await writeFile(file, 'notes');
    const run = await lumen(['status', '--library', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`lumen: the library folder ${file} is a file, not a folder: give --library a folder (Lumen makes it if it is missing)\n`);
    const json = await lumen(['config', 'get', 'model.folder', '--library', join(file, 'below'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'not-a-folder' } });
    expect(json.stderr).toMatch(/a part of that path is a file, not a folder; give --library a folder/);
    expectNoRawError(json);
  });
});

describe('config set model.folder', () => {
  it('a folder that does not exist is refused and nothing is recorded', async () => {
    const library = join(base, 'library-missing-model');
    const missing = join(base, 'no-such-model');
    const run = await lumen(['config', 'set', 'model.folder', missing, '--library', library]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `lumen: model.folder was not changed: ${missing} does not exist; give the folder of a model (lumen model list shows the installed ones, lumen model use <id> picks one)\n`,
    );
    expect((await lumen(['config', 'get', 'model.folder', '--library', library])).stdout).toBe('(default)\n');
  });

  it('a folder that is no model is refused, naming the missing file', async () => {
    const library = join(base, 'library-empty-model');
    const empty = join(base, 'empty-folder');
    await mkdir(empty);
    const run = await lumen(['config', 'set', 'model.folder', empty, '--library', library]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^lumen: model\\.folder was not changed: ${escapeRegExp(empty)} is not a model Lumen can use: model file missing: config\\.json`),
    );
  });

  it('a model folder removed after it was set: every later command says what to do', async () => {
    const library = join(base, 'library-gone-model');
    const model = join(base, 'model-copy');
    await cp(bundledModelFolder(), model, { recursive: true });
    expect((await lumen(['config', 'set', 'model.folder', model, '--library', library])).code).toBe(0);
    await rm(model, { recursive: true });
    for (const args of [['search', 'red'], ['status']]) {
      const run = await lumen([...args, '--library', library]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `lumen: model folder not found: ${model} (the library's model.folder setting names it: choose another with \`lumen model use <id>\` or \`lumen config set model.folder <folder>\`, or give --model <folder>)\n`,
      );
    }
  });
});

describe('search words that start with a dash', () => {
  it('say how to give them: after --', async () => {
    const library = join(base, 'library-dash');
    const run = await lumen(['search', '-red circle', '--library', library]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'lumen: unknown option "-red circle". If it is text and not an option, put it after --, which ends the options: lumen search -- "-red circle"\n',
    );
    const dashed = await lumen(['search', '--library', library, '--', '-red circle']);
    expect(dashed).toMatchObject({ code: 0, stdout: 'No photos in the library yet. Add some with `lumen index <folder>`.\n' });
  });

  it('an unknown long option is named whole too', async () => {
    const run = await lumen(['search', 'red', '--colour', 'blue']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'lumen: unknown option "--colour". If it is text and not an option, put it after --, which ends the options: lumen search -- "--colour"\n',
    );
  });
});

describe('file names with newlines and terminal escape sequences', () => {
  // A newline, a "clear screen", and a "set window title" sequence ended by BEL.
  const hostile = 'red\n\u001b[2J\u001b]0;owned\u0007 circle';
  const printed = 'red\\n\\x1b[2J\\x1b]0;owned\\x07 circle';
  let library: string;
  let photos: string;

  beforeAll(async () => {
    library = join(base, 'library-names');
    photos = join(base, `photos ${hostile}`);
    await mkdir(photos);
    await cp(join(root, 'test/fixtures/corpus/photos/astronaut.png'), join(photos, `${hostile}.png`));
    await writeFile(join(photos, `${hostile} broken.jpg`), 'not a photo');
    const indexed = await lumen(['index', photos, '--library', library]);
    expect(indexed.code).toBe(0);
  });

  /** Lines the person sees hold no control character but the line ends. */
  function expectNoControlCharacters(text: string): void {
    const controls = [...text].filter(
      (char) => char !== '\n' && ((char.codePointAt(0) ?? 0) < 0x20 || ((char.codePointAt(0) ?? 0) >= 0x7f && (char.codePointAt(0) ?? 0) <= 0x9f)),
    );
    expect(controls).toEqual([]);
  }

  it('search prints the name escaped, on one line; --json keeps it exact', async () => {
    const run = await lumen(['search', 'astronaut', '--library', library]);
    expect(run.code).toBe(0);
    expectNoControlCharacters(run.stdout);
    expect(run.stdout).toContain(`${join(base, `photos ${printed}`, `${printed}.png`)}\n`);
    const json = JSON.parse((await lumen(['search', 'astronaut', '--library', library, '--json'])).stdout) as SearchResponse;
    expect(json.hits[0]?.path).toBe(join(photos, `${hostile}.png`));
  });

  it('status --errors prints the folder and the unreadable file escaped; --json keeps them exact', async () => {
    const run = await lumen(['status', '--errors', '--library', library]);
    expect(run.code).toBe(0);
    expectNoControlCharacters(run.stdout);
    expect(run.stdout).toContain(`  ${join(base, `photos ${printed}`)}  1 photos`);
    expect(run.stdout).toContain(`  ${join(base, `photos ${printed}`, `${printed} broken.jpg`)}\n`);
    const json = JSON.parse((await lumen(['status', '--errors', '--library', library, '--json'])).stdout) as LibraryStatus;
    expect(json.roots.map((r) => r.path)).toEqual([photos]);
    expect(json.errorList?.map((e) => e.path)).toEqual([join(photos, `${hostile} broken.jpg`)]);
  });

  it('an error naming such a folder is escaped too', async () => {
    const run = await lumen(['index', join(photos, 'missing'), '--library', library]);
    expect(run.code).toBe(1);
    expectNoControlCharacters(run.stderr);
    expect(run.stderr).toContain(printed);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
