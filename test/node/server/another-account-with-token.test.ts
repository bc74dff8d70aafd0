/**
 * The token can leak to another account on the same computer: browsers send cookies to every port
 * of a host (RFC 6265 §8.5), so when the person's browser opens any page another account serves on
 * 127.0.0.1 (a link in a chat, a colleague's dev server), that account's server receives
 * `lumen-token-<port>` (seen with Chromium in the same-computer probe). So on loopback the server
 * also asks the operating system which account made each connection (Linux: /proc/net/tcp and
 * tcp6) and answers only its own (and root's): user nobody holding the right token is refused. Needs
 * root and setpriv (util-linux), and Linux.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../src-main/node/api/app-session';
import type { RunningServer } from '../../../src-main/node/server/lumen-server';
import { serveNewLibrary } from '../../support/served-library';

const NOBODY = 65_534;

function whyNotRunnable(): string | null {
  if (process.platform !== 'linux') return 'Linux only (/proc/net/tcp)';
  if (process.getuid?.() !== 0) return 'needs root, to connect as another account';
  if (spawnSync('setpriv', ['--version']).status !== 0) return 'needs setpriv (Debian: util-linux) to run as user nobody';
  return null;
}
const skipReason = whyNotRunnable();

let session: AppSession;
let server: RunningServer;

/** POST /api/getStatus with the token as a cookie, from a process of user `uid` (not waited for in sync: this process serves it); the status and error code. */
async function statusCallAs(uid: number, path = '/api/getStatus'): Promise<{ status: number; code: string | null }> {
  const script = `
    const response = await fetch(${JSON.stringify(server.origin + path)}, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: ${JSON.stringify(`lumen-token-${server.port}=${server.token}`)} },
      body: '{}',
    });
    const body = await response.json().catch(() => null);
    process.stdout.write(JSON.stringify({ status: response.status, code: body?.ok === false ? body.error.code : null }));
  `;
  const command = uid === 0 ? [process.execPath] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath];
  const { stdout } = await promisify(execFile)(command[0] as string, [...command.slice(1), '--input-type=module', '--eval', script], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(stdout) as { status: number; code: string | null };
}

describe.skipIf(skipReason !== null)(skipReason ? `another account holding the token: skipped, ${skipReason}` : 'another account holding the token', () => {
  beforeAll(async () => {
    ({ session, server } = await serveNewLibrary(await mkdtemp(join(tmpdir(), 'lumen-peer-account-'))));
  });

  afterAll(async () => {
    await server?.close();
    await session?.dispose();
  });

  it('refuses user nobody even with the right token, and answers this account', async () => {
    expect(await statusCallAs(NOBODY)).toEqual({ status: 403, code: 'other-account' });
    expect(await statusCallAs(0)).toEqual({ status: 200, code: null });
  });
});
