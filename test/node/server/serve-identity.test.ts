/**
 * The token and port `lumen serve` keeps per library: saved owner-only and whole, reused at the next
 * start, replaced (with the reason) when another account could have read or changed the file, and
 * unreadable for another account (user nobody through setpriv, when the test runs as root).
 */
import { spawnSync } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadServeIdentity, saveServeIdentity, serveIdentityPath } from '../../../src-main/node/server/serve-identity';

const NOBODY = 65_534;
let library: string;

beforeEach(async () => {
  const base = await mkdtemp(join(tmpdir(), 'lumen-serve-identity-'));
  await chmod(base, 0o755);
  library = join(base, 'library');
  await mkdir(library, { mode: 0o755 });
  await chmod(library, 0o755);
});

async function modeOf(path: string): Promise<number> {
  return (await lstat(path)).mode & 0o777;
}

describe.skipIf(process.platform === 'win32')('the token lumen serve keeps for a library', () => {
  it('is made at the first start, saved owner-only with no temporary file left, and reused at the next', async () => {
    const first = await loadServeIdentity(library);
    expect(first).toMatchObject({ port: null, replacedBecause: null });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await modeOf(serveIdentityPath(library))).toBe(0o600);
    expect(await readdir(library)).toEqual(['serve.json']);

    await saveServeIdentity(library, { token: first.token, port: 51_234 });
    expect(await loadServeIdentity(library)).toEqual({ token: first.token, port: 51_234, replacedBecause: null });
    expect(await modeOf(serveIdentityPath(library))).toBe(0o600);
  });

  it('is replaced on request, keeping the port', async () => {
    const first = await loadServeIdentity(library);
    await saveServeIdentity(library, { token: first.token, port: 51_234 });
    const rotated = await loadServeIdentity(library, { newToken: true });
    expect(rotated.token).not.toBe(first.token);
    expect(rotated).toMatchObject({ port: 51_234, replacedBecause: null });
    expect((await loadServeIdentity(library)).token).toBe(rotated.token);
  });

  it('is replaced, saying why, when other accounts could read the file', async () => {
    const first = await loadServeIdentity(library);
    await chmod(serveIdentityPath(library), 0o644);
    const next = await loadServeIdentity(library);
    expect(next.token).not.toBe(first.token);
    expect(next.replacedBecause).toBe(`${serveIdentityPath(library)} could be read or changed by other accounts (mode 644), so lumen serve made a new token`);
    expect(await modeOf(serveIdentityPath(library))).toBe(0o600);
  });

  it('is replaced when the file is a link to another file, which stays as it was', async () => {
    const elsewhere = join(library, '..', 'elsewhere.json');
    await writeFile(elsewhere, JSON.stringify({ token: 'a'.repeat(32), port: 80 }), { mode: 0o600 });
    await symlink(elsewhere, serveIdentityPath(library));
    const next = await loadServeIdentity(library);
    expect(next.token).not.toBe('a'.repeat(32));
    expect(next.replacedBecause).toContain('is not a plain file');
    expect((await lstat(serveIdentityPath(library))).isFile()).toBe(true);
    expect(JSON.parse(await readFile(elsewhere, 'utf8'))).toEqual({ token: 'a'.repeat(32), port: 80 });
  });

  it('is replaced when the file is not one Lumen wrote', async () => {
    await writeFile(serveIdentityPath(library), '{"token":"short","port":7447}', { mode: 0o600 });
    const next = await loadServeIdentity(library);
    expect(next.replacedBecause).toContain('does not hold a token Lumen made');
    expect(next.port).toBeNull();
  });

  it.skipIf(process.getuid?.() !== 0)('is replaced when the file belongs to another account', async () => {
    const first = await loadServeIdentity(library);
    await chown(serveIdentityPath(library), NOBODY, NOBODY);
    const next = await loadServeIdentity(library);
    expect(next.token).not.toBe(first.token);
    expect(next.replacedBecause).toContain(`belongs to another account (user id ${NOBODY})`);
  });

  const setprivMissing = spawnSync('setpriv', ['--version']).status !== 0;
  it.skipIf(process.getuid?.() !== 0 || setprivMissing)('cannot be read by another account, even in a library folder it may list', async () => {
    const { token } = await loadServeIdentity(library);
    const read = spawnSync(
      'setpriv',
      [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        process.execPath,
        '-e',
        'const fs = require("node:fs"); console.log(fs.readdirSync(process.argv[1]).join(",")); fs.readFileSync(process.argv[1] + "/serve.json")',
        library,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    );
    // Nobody may list the folder (so the refusal below is the file's own mode), but not read the file.
    expect(read.stdout.trim()).toBe('serve.json');
    expect(read.status).not.toBe(0);
    expect(read.stderr).toContain('EACCES');
    expect(read.stdout + read.stderr).not.toContain(token);
  });
});
