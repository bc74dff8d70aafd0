/**
 * `lumen serve` through the real CLI (in-process, real library): the address it prints carries the
 * token, and a port another program holds gets a sentence and exit code 1, as docs/CLI.md says for
 * work that failed, instead of Node's `listen EADDRINUSE`.
 */
import { createServer, type Server } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lumen } from '../../support/cli-runner';

let base: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-serve-cli-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const address = busy.address();
  busyPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
});

describe('lumen serve on a port in use', () => {
  it('says the port is in use and how to pick another, exit code 1', async () => {
    const run = await lumen('serve', '--port', String(busyPort), '--library', join(base, 'library'));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `lumen: port ${busyPort} on 127.0.0.1 is already in use by another program. Pick another with --port <number>, or --port 0 for any free port.\n`,
    );
    expect(run.stderr).not.toMatch(/EADDRINUSE|listen/);
  });

  it('reports it with the port-in-use code under --json', async () => {
    const run = await lumen('serve', '--port', String(busyPort), '--library', join(base, 'library'), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'port-in-use' } });
  });
});
