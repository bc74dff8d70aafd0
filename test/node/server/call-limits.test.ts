/**
 * What one server holds at once, over real HTTP: a dispatcher that stays busy until the test lets
 * it go counts the contract calls running at the same time. Calls over the cap wait (their bodies
 * unread), calls over the queue get 503 with Retry-After, and everything waiting is answered once
 * the running calls finish. Also: a client that never finishes its request head is cut off, and an
 * unexpected error is answered without its text.
 */
import { connect } from 'node:net';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../src-common/result';
import type { ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { CallLimiter } from '../../../src-main/node/server/call-limiter';
import { DEFAULT_SERVER_LIMITS, MAX_BODY_BYTES, startLumenServer, type RunningServer, type ServerLimits } from '../../../src-main/node/server/lumen-server';

let rendererDir: string;

beforeAll(async () => {
  rendererDir = join(await mkdtemp(join(tmpdir(), 'lumen-limits-')), 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lumen</title>');
});

/** A dispatcher that holds every call until `open()`, counting how many run at once. */
function heldDispatcher(): { dispatch: ApiDispatcher; running: () => number; most: () => number; dispatched: () => number; open: () => void } {
  let running = 0;
  let most = 0;
  let dispatched = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const dispatch: ApiDispatcher = async (_method, arg): Promise<Result<unknown>> => {
    running++;
    dispatched++;
    most = Math.max(most, running);
    await gate;
    running--;
    return ok(typeof arg === 'string' ? arg.length : null);
  };
  return { dispatch, running: () => running, most: () => most, dispatched: () => dispatched, open: () => open() };
}

async function serverWith(dispatch: ApiDispatcher, limits?: Partial<ServerLimits>): Promise<RunningServer> {
  return startLumenServer({ dispatch, files: () => Promise.reject(new Error('no library here')), rendererDir, port: 0, ...(limits ? { limits } : {}) });
}

function call(server: RunningServer, arg: unknown): Promise<Response> {
  return fetch(`${server.origin}/api/getStatus`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ arg }),
  });
}

describe('concurrent contract calls', () => {
  it('runs at most the cap at once, queues the next ones and turns the rest away with 503 and Retry-After', async () => {
    const held = heldDispatcher();
    const server = await serverWith(held.dispatch, { maxRunningCalls: 3, maxWaitingCalls: 5 });
    try {
      const answers: Array<Response | null> = Array.from({ length: 20 }, () => null);
      const calls = answers.map((_, index) => call(server, `call ${index}`).then((response) => (answers[index] = response)));
      // 3 run, 5 wait, and the other 12 are answered while the running ones are still held.
      await expect.poll(() => answers.filter((a) => a !== null).length, { timeout: 60_000 }).toBe(12);
      expect(held.running()).toBe(3);
      const early = answers.filter((a): a is Response => a !== null);
      expect(early.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 503));
      expect(early.every((a) => a.headers.get('retry-after') === '1')).toBe(true);
      expect(await early[0]?.json()).toMatchObject({ ok: false, error: { code: 'busy' } });
      held.open();
      const all = await Promise.all(calls);
      expect(all.filter((a) => a.status === 200)).toHaveLength(8);
      expect(held.dispatched()).toBe(8);
      expect(held.most()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('by default never runs more than 8 of 300 calls with 1 MB bodies at once, and answers every one that waited', async () => {
    const held = heldDispatcher();
    const server = await serverWith(held.dispatch);
    try {
      const body = 'x'.repeat(MAX_BODY_BYTES - 100);
      const calls = Array.from({ length: 300 }, () => call(server, body));
      await expect.poll(() => held.running(), { timeout: 60_000 }).toBe(DEFAULT_SERVER_LIMITS.maxRunningCalls);
      held.open();
      const statuses = (await Promise.all(calls)).map((a) => a.status);
      expect(held.most()).toBe(8);
      expect(statuses.filter((s) => s === 200).length).toBe(held.dispatched());
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(held.dispatched()).toBeGreaterThanOrEqual(DEFAULT_SERVER_LIMITS.maxRunningCalls + DEFAULT_SERVER_LIMITS.maxWaitingCalls);
    } finally {
      await server.close();
    }
  });
});

describe('CallLimiter', () => {
  it('gives the place of a call whose client left while waiting to the next one', async () => {
    const limiter = new CallLimiter(1, 1);
    const first = await limiter.acquire(() => {});
    let leave: () => void = () => {};
    const leaving = limiter.acquire((cancel) => (leave = cancel));
    expect(await limiter.acquire(() => {})).toBeNull();
    leave();
    expect(await leaving).toBeNull();
    let nextReleased = false;
    const next = limiter
      .acquire(() => {})
      .then((release) => {
        nextReleased = release !== null;
        return release;
      });
    first?.();
    expect(await next).not.toBeNull();
    expect(nextReleased).toBe(true);
    // Releasing twice frees one place only: `next` still runs, so one call waits and the next is refused.
    first?.();
    void limiter.acquire(() => {});
    expect(await limiter.acquire(() => {})).toBeNull();
  });
});

describe('slow and failing requests', () => {
  it('cuts off a client that never finishes its request head with 408', async () => {
    const server = await serverWith(heldDispatcher().dispatch, { headersTimeoutMs: 200, requestTimeoutMs: 400, timeoutCheckIntervalMs: 50 });
    try {
      const port = Number(new URL(server.origin).port);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `));
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await server.close();
    }
  });

  it('answers an unexpected error with 500 and a sentence, never the error text', async () => {
    const failing: ApiDispatcher = () => Promise.reject(new Error('ENOENT: /home/someone/.ssh/id_rsa -----BEGIN OPENSSH PRIVATE KEY-----'));
    const server = await serverWith(failing);
    try {
      const response = await call(server, null);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ ok: false, error: { code: 'internal-error', message: 'the server could not answer this request' } });
      expect(text).not.toMatch(/ssh|PRIVATE|ENOENT/);
    } finally {
      await server.close();
    }
  });
});
