/**
 * The attack of another account on the same computer, for real: `lumen serve` (the built CLI, its
 * own process) runs as root over a real library of a photo in a mode-700 folder; user nobody
 * (setpriv) runs test/support/serve-intruder.mjs against 127.0.0.1. Without the token every call
 * that reads or writes the victim's files is refused (401) and nothing changes. With the token, read
 * by this test from serve's output and handed to nobody (a browser hands it to any page on another
 * port of 127.0.0.1), they are refused too (403): the server answers only its own account. Needs root (to be two users) and setpriv (util-linux), and
 * out/ built from the current sources (`npm run build`; built here only when missing).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { ensureBuiltWindow } from '../../e2e-ui/support/built-window';

const NOBODY = 65_534;
const root = join(import.meta.dirname, '..', '..', '..');
const SECRET = 'victim-secret-3b1f';

function whyNotRunnable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root, to run the server and the intruder as two users';
  if (spawnSync('setpriv', ['--version']).status !== 0) return 'needs setpriv (Debian: util-linux) to run as user nobody';
  return null;
}
const skipReason = whyNotRunnable();

interface IntruderResponse {
  name: string;
  status: number;
  contentType: string;
  sha256: string;
  json: { ok: boolean; error?: { code: string; message: string } } | null;
}

interface IntruderReport {
  uid: number;
  usedCookie: boolean;
  direct: Array<{ path: string; readable: boolean; code?: string }>;
  responses: IntruderResponse[];
}

let base: string;
let victim: string;
let intruderDir: string;
let serve: ChildProcess | undefined;
let printed: URL;
let photoId: number;
let photoSha: string;

function lumenSync(...args: string[]): string {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'lumen.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LUMEN_MODELS: join(victim, 'models') },
  });
  if (run.status !== 0) throw new Error(`lumen ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** Starts `lumen serve` as this (root) user and reads the address it prints. */
async function startServe(libraryDir: string): Promise<URL> {
  const child = spawn(process.execPath, [join(root, 'bin', 'lumen.js'), 'serve', '--port', '0', '--library', libraryDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LUMEN_MODELS: join(victim, 'models') },
  });
  serve = child;
  let output = '';
  return new Promise<URL>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(output);
      if (match?.[1]) resolve(new URL(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`lumen serve exited (${code}):\n${output}`)));
  });
}

/** Runs the intruder as user nobody, with the token only when given. */
function intrude(token?: string): IntruderReport {
  const plan = {
    origin: printed.origin,
    readDirectly: [join(victim, 'Pictures', 'photo.png'), join(victim, 'model', 'config.json')],
    requests: [
      { name: 'window', method: 'GET', path: '/' },
      { name: 'photo', method: 'GET', path: `/media/photo/${photoId}` },
      { name: 'thumbnail', method: 'GET', path: `/media/thumbnail/${photoId}` },
      { name: 'addFolder', method: 'POST', path: '/api/addFolder', arg: join(victim, 'Private') },
      { name: 'addCategory ssh', method: 'POST', path: '/api/addCategory', arg: { set: 'keys', name: 'ssh', folder: join(victim, '.ssh') } },
      { name: 'addCategory misc', method: 'POST', path: '/api/addCategory', arg: { set: 'keys', name: 'misc', folder: join(victim, 'misc') } },
      {
        name: 'classifyFiles',
        method: 'POST',
        path: '/api/classifyFiles',
        arg: { into: 'keys', files: [join(intruderDir, 'authorized_keys')], action: 'copy' },
      },
      { name: 'addModel', method: 'POST', path: '/api/addModel', arg: join(victim, 'model') },
    ],
  };
  const run = spawnSync(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, join(intruderDir, 'serve-intruder.mjs'), JSON.stringify(plan)],
    { cwd: intruderDir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(token ? { LUMEN_TOKEN: token } : {}) } },
  );
  if (run.status !== 0) throw new Error(`the intruder failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as IntruderReport;
}

async function filesIn(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

/** No answer the intruder got holds the victim's photo or secret, and no file it asked for was written or installed. */
async function expectNothingLeakedOrChanged(report: IntruderReport): Promise<void> {
  for (const response of report.responses) {
    expect(response.sha256, response.name).not.toBe(photoSha);
    expect(JSON.stringify(response.json), response.name).not.toContain(SECRET);
  }
  expect(await filesIn(join(victim, '.ssh'))).toEqual([]);
  expect(existsSync(join(victim, 'misc'))).toBe(false);
  expect(existsSync(join(victim, 'models'))).toBe(false);
}

describe.skipIf(skipReason !== null)(skipReason ? `another account against lumen serve: skipped, ${skipReason}` : 'another account against lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    base = await mkdtemp(join(tmpdir(), 'lumen-other-user-'));
    victim = join(base, 'victim');
    for (const folder of [victim, join(victim, 'Pictures'), join(victim, 'Private'), join(victim, '.ssh')]) {
      await mkdir(folder, { recursive: true });
      await chmod(folder, 0o700);
    }
    const photo = join(victim, 'Pictures', 'photo.png');
    await copyFile(join(root, 'test', 'fixtures', 'corpus', 'photos', 'astronaut.png'), photo);
    await chmod(photo, 0o600);
    await copyFile(join(root, 'test', 'fixtures', 'corpus', 'photos', 'coffee.png'), join(victim, 'Private', 'private.png'));
    photoSha = createHash('sha256')
      .update(await readFile(photo))
      .digest('hex');
    // A private folder that looks like a model, whose config.json holds a secret.
    // dereference: a checkout whose model folder is a link must not have the secret written through it.
    await cp(bundledModelFolder(), join(victim, 'model'), { recursive: true, dereference: true });
    await writeFile(join(victim, 'model', 'config.json'), `${SECRET} -----BEGIN OPENSSH PRIVATE KEY-----`, { mode: 0o600 });
    await chmod(join(victim, 'model'), 0o700);

    // Nobody's own files: the script (outside the checkout, which nobody may not reach everywhere) and an image named like a key file.
    intruderDir = await mkdtemp(join(tmpdir(), 'lumen-intruder-'));
    await chmod(intruderDir, 0o755);
    await copyFile(join(root, 'test', 'support', 'serve-intruder.mjs'), join(intruderDir, 'serve-intruder.mjs'));
    await copyFile(join(root, 'test', 'fixtures', 'corpus', 'photos', 'rocket.jpg'), join(intruderDir, 'authorized_keys'));
    await chmod(join(intruderDir, 'serve-intruder.mjs'), 0o644);
    await chmod(join(intruderDir, 'authorized_keys'), 0o644);

    const library = join(victim, 'library');
    lumenSync('index', join(victim, 'Pictures'), '--library', library);
    printed = await startServe(library);
    const page = await fetch(`${printed.origin}/api/listPhotos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${printed.searchParams.get('token')}` },
      body: JSON.stringify({ arg: { offset: 0, limit: 10 } }),
    });
    const photos = ((await page.json()) as { value: { photos: Array<{ id: number }> } }).value.photos;
    expect(photos).toHaveLength(1);
    photoId = photos[0]?.id ?? 0;
  });

  afterAll(async () => {
    const child = serve;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      });
    }
  });

  it('refuses every request of nobody without the token, and nothing changes', async () => {
    const report = intrude();
    expect(report.uid).toBe(NOBODY);
    // Nobody cannot read the victim's files directly: the server would be the only way in.
    expect(report.direct.map((d) => [d.readable, d.code])).toEqual([
      [false, 'EACCES'],
      [false, 'EACCES'],
    ]);
    expect(report.usedCookie).toBe(false);
    const statuses = report.responses.map((r) => [r.name, r.status]);
    expect(statuses.filter(([, status]) => status !== 401 && status !== 403)).toEqual([]);
    expect(statuses).toHaveLength(8);
    await expectNothingLeakedOrChanged(report);
    const sets = await fetch(`${printed.origin}/api/listCategorySets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${printed.searchParams.get('token')}` },
      body: '{}',
    });
    expect(await sets.json()).toEqual({ ok: true, value: [] });
  });

  it('refuses the same requests when nobody holds the token too (browsers hand it to other ports), and nothing changes', async () => {
    const report = intrude(printed.searchParams.get('token') ?? '');
    expect(report.usedCookie).toBe(true);
    const statuses = report.responses.map((r) => [r.name, r.status, r.json?.error?.code]);
    expect(statuses).toEqual(report.responses.map((r) => [r.name, 403, 'other-account']));
    expect(statuses).toHaveLength(8);
    await expectNothingLeakedOrChanged(report);
  });
});
