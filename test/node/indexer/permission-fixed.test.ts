/**
 * A photo Lumen could not read for its permissions is read once it can be: fixing a permission
 * (chmod, a share's access list) changes neither the file's size nor its mtime, which is all an
 * unchanged bad file is checked by, so the error row said "it will be retried" and the next run
 * skipped the file as unchanged. Runs the CLI from source in a child process: as user nobody when
 * this test runs as root (root reads any file), else as this user.
 */
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeShapePhotos } from './indexer-fixtures';

const ROOT = join(import.meta.dirname, '../../..');
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;

let photos: string;
let library: string;
let locked: string;

interface Run {
  summary: { found: number; indexed: number; unchanged: number; failed: number };
  errors: string;
}

function lumen(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/node/cli/main.ts', ...args, '--library', library], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: library } } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`lumen ${args.join(' ')} exited ${code}: ${stderr}`)))),
  );
}

async function index(): Promise<Run> {
  const summary = JSON.parse(await lumen('index', photos, '--json')) as Run['summary'];
  return { summary, errors: await lumen('status', '--errors') };
}

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'lumen-permission-fixed-'));
  await chmod(base, 0o755);
  photos = join(base, 'photos');
  await mkdir(photos, { mode: 0o755 });
  [, locked] = (await writeShapePhotos(photos, 2, 17)) as [string, string];
  await chmod(locked, 0o000);
  // The library's folder belongs to the account that runs lumen (it refuses one another account owns).
  const owner = join(base, 'owner');
  await mkdir(owner, { mode: 0o755 });
  if (asRoot) await chown(owner, NOBODY, NOBODY);
  library = join(owner, 'library');
}, 60_000);

describe('a photo that could not be read for its permissions', () => {
  it('is recorded with the reason, then read on the next run once its permission is fixed', async () => {
    const first = await index();
    expect(first.summary).toMatchObject({ found: 2, indexed: 1, failed: 1 });
    expect(first.errors).toContain('permission denied');
    // Still locked: skipped as unchanged, not failed again.
    expect((await index()).summary).toMatchObject({ found: 2, unchanged: 2, failed: 0 });
    await chmod(locked, 0o644);
    const second = await index();
    expect(second.summary).toMatchObject({ found: 2, indexed: 1, unchanged: 1, failed: 0 });
    expect(second.errors).not.toContain('permission denied');
    // And not read again after that.
    expect((await index()).summary).toMatchObject({ found: 2, unchanged: 2 });
  }, 120_000);
});
