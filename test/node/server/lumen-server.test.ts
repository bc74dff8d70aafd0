/**
 * `lumen serve` over real HTTP on loopback: real services, real SQLite, the bundled demo model,
 * shapes-world photos from the independent renderer. Covers the contract over HTTP (add a folder,
 * follow indexing to the end, search), media by id, the transport's refusals, and the token: every
 * request here carries the cookie a browser gets by opening the printed address, except those
 * that check what happens without it.
 */
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexingState, PhotoDetails, PhotoPage } from '../../../src-common/contract-app';
import type { SearchResponse } from '../../../src-common/contract';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { MAX_BODY_BYTES, startLumenServer, type RunningServer } from '../../../src-main/node/server/lumen-server';
import { renderShapesSet } from '../../support/independent-shapes-renderer';

let session: AppSession;
let server: RunningServer;
let photosDir: string;
let labels: Map<string, string>;
/** `name=value` of the cookie the printed address sets. */
let cookie: string;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch, so tests can send the headers browsers forbid scripts to set (Host). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; withoutToken?: boolean } = {},
): Promise<RawResponse> {
  const url = new URL(path, server.origin);
  const headers = options.withoutToken ? (options.headers ?? {}) : { Cookie: cookie, ...options.headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function call<T>(method: string, arg?: unknown): Promise<Result<T>> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ arg }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Result<T>;
}

async function value<T>(method: string, arg?: unknown): Promise<T> {
  const result = await call<T>(method, arg);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'lumen-serve-'));
  photosDir = join(base, 'photos');
  const manifest = await renderShapesSet(photosDir, { perPair: 1, seed: 7_2026 });
  labels = new Map(manifest.map((m) => [m.file, `${m.color} ${m.shape}`]));
  const rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lumen</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'outside.txt'), 'not for you');
  await symlink(join(base, 'outside.txt'), join(rendererDir, 'assets', 'escape.js'));
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library') }));
  server = await startLumenServer({
    dispatch: createApiDispatcher(() => Promise.resolve(session)),
    files: () => Promise.resolve(session.files),
    rendererDir,
    port: 0,
  });
  cookie = await cookieFromPrintedAddress(server.url);
});

/** What a browser does with the printed address: the first visit trades `?token=` for a cookie. */
async function cookieFromPrintedAddress(url: string): Promise<string> {
  const visit = await fetch(url, { redirect: 'manual' });
  expect(visit.status).toBe(303);
  expect(visit.headers.get('location')).toBe('/');
  return (visit.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

afterAll(async () => {
  await server.close();
  await session.dispose();
});

describe('the contract over HTTP', () => {
  it('adds a folder, reports progress until done, then lists, searches and describes photos', async () => {
    const started = await value<IndexingState>('addFolder', photosDir);
    expect([started.current, ...started.queued]).toContain(photosDir);
    let state = started;
    const seen: IndexingState[] = [];
    while (state.current !== null || state.queued.length > 0) {
      await new Promise((r) => setTimeout(r, 100));
      state = await value<IndexingState>('getIndexing');
      seen.push(state);
    }
    expect(state.lastError).toBeNull();
    expect(state.lastSummary).toMatchObject({ indexed: 32, failed: 0 });

    const page = await value<PhotoPage>('listPhotos', { offset: 0, limit: 10 });
    expect(page.total).toBe(32);
    expect(page.photos).toHaveLength(10);
    expect(page.photos.every((p) => p.hasThumbnail)).toBe(true);
    const rest = await value<PhotoPage>('listPhotos', { offset: 10, limit: 100, folder: photosDir });
    expect(rest.photos).toHaveLength(22);
    expect(new Set([...page.photos, ...rest.photos].map((p) => p.id)).size).toBe(32);

    const search = await value<SearchResponse>('search', { text: 'a blue star', limit: 3 });
    const first = search.hits[0];
    expect(first && labels.get(first.path)).toBe('blue star');

    const details = await value<PhotoDetails>('getPhoto', first?.photoId);
    expect(details).toMatchObject({ path: first?.path, folder: photosDir });
  });

  it('serves a photo and its thumbnail by id, with image types and no cross-origin embedding', async () => {
    const { photos } = await value<PhotoPage>('listPhotos', { offset: 0, limit: 1 });
    const id = photos[0]?.id ?? 0;
    const thumb = await raw(`/media/thumbnail/${id}`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.body.subarray(8, 12).toString('ascii')).toBe('WEBP');
    expect(thumb.headers['cross-origin-resource-policy']).toBe('same-origin');
    const original = await raw(`/media/photo/${id}`);
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toMatch(/^image\/(jpeg|png)$/);
  });

  it('serves the part of an original a Range asks for, as video players seek', async () => {
    const { photos } = await value<PhotoPage>('listPhotos', { offset: 0, limit: 1 });
    const id = photos[0]?.id ?? 0;
    const whole = await raw(`/media/photo/${id}`);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const size = whole.body.length;
    const head = await raw(`/media/photo/${id}`, { headers: { Range: 'bytes=0-9' } });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-9/${size}`);
    expect(head.body).toEqual(whole.body.subarray(0, 10));
    const tail = await raw(`/media/photo/${id}`, { headers: { Range: `bytes=${size - 5}-` } });
    expect(tail.body).toEqual(whole.body.subarray(size - 5));
    const past = await raw(`/media/photo/${id}`, { headers: { Range: `bytes=${size}-` } });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
  });

  it('answers contract errors as Results and transport errors with HTTP statuses', async () => {
    expect(await call('getPhoto', 'one')).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(await call('dropDatabase')).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect((await raw('/api/getStatus')).status).toBe(405);
    expect((await raw('/api/getStatus', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await raw('/api/getStatus', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' })).status).toBe(400);
    const huge = JSON.stringify({ arg: { text: 'x'.repeat(MAX_BODY_BYTES), limit: 1 } });
    expect((await raw('/api/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: huge })).status).toBe(413);
  });
});

describe('refusals', () => {
  it('refuses unknown ids, malformed ids and unknown media kinds', async () => {
    for (const path of ['/media/photo/999999', '/media/photo/0', '/media/photo/1.5', '/media/photo/..%2F..%2Fetc%2Fpasswd', '/media/database/1']) {
      expect((await raw(path)).status, path).toBe(404);
    }
  });

  it('serves the renderer but nothing outside it, even through traversal or a symlink', async () => {
    const index = await raw('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await raw('/assets/app.js')).status).toBe(200);
    for (const path of ['/../outside.txt', '/assets/%2e%2e/%2e%2e/outside.txt', '/assets/escape.js', '/assets/..%2f..%2foutside.txt', '/%00']) {
      expect((await raw(path)).status, path).toBe(404);
    }
  });

  it('refuses a foreign Host, another origin and cross-site fetches', async () => {
    const json = { 'Content-Type': 'application/json' };
    expect((await raw('/api/getStatus', { method: 'POST', headers: { ...json, Host: 'evil.example' }, body: '{}' })).status).toBe(403);
    expect((await raw('/api/getStatus', { method: 'POST', headers: { ...json, Origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
    expect((await raw('/media/thumbnail/1', { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect((await raw('/api/getStatus', { method: 'POST', headers: { ...json, Origin: server.origin }, body: '{}' })).status).toBe(200);
  });
});

describe('the token', () => {
  it('is in the printed address: random, long, and the only thing in its query', () => {
    const url = new URL(server.url);
    expect(`${url.origin}/`).toBe(`${server.origin}/`);
    expect([...url.searchParams.keys()]).toEqual(['token']);
    expect(url.searchParams.get('token')).toBe(server.token);
    expect(server.token).toMatch(/^[\w-]{32,}$/);
  });

  it('is required on loopback for every route: the window, the API, photos and thumbnails', async () => {
    const { photos } = await value<PhotoPage>('listPhotos', { offset: 0, limit: 1 });
    const id = photos[0]?.id ?? 0;
    const json = { 'Content-Type': 'application/json' };
    const requests: Array<[string, Parameters<typeof raw>[1]]> = [
      ['/', {}],
      ['/assets/app.js', {}],
      [`/media/photo/${id}`, {}],
      [`/media/thumbnail/${id}`, {}],
      ['/api/getStatus', { method: 'POST', headers: json, body: '{}' }],
      ['/api/addFolder', { method: 'POST', headers: json, body: JSON.stringify({ arg: photosDir }) }],
      ['/api/addCategory', { method: 'POST', headers: json, body: JSON.stringify({ arg: { set: 'keys', name: 'ssh', folder: photosDir } }) }],
      ['/api/classifyFiles', { method: 'POST', headers: json, body: JSON.stringify({ arg: { into: 'keys', files: [], action: 'copy' } }) }],
    ];
    for (const [path, options] of requests) {
      const refused = await raw(path, { ...options, withoutToken: true });
      expect(refused.status, path).toBe(401);
      expect(refused.body.toString('utf8'), path).toMatch(/open the address lumen serve printed/);
      const wrong = await raw(path, { ...options, withoutToken: true, headers: { ...options?.headers, Cookie: `${cookie.split('=')[0]}=wrong` } });
      expect(wrong.status, path).toBe(401);
    }
    expect(await value<unknown[]>('listCategorySets')).toEqual([]);
    for (const [path, options] of requests) expect((await raw(path, options)).status, path).toBe(200);
  });

  it('is traded once for an HttpOnly, SameSite=Strict cookie for this port, and taken as a bearer header', async () => {
    const visit = await fetch(server.url, { redirect: 'manual' });
    const setCookie = visit.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^lumen-token-${new URL(server.origin).port}=${server.token};`));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    const post = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${server.origin}/api/getStatus`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await post({ Cookie: setCookie.split(';')[0] ?? '' })).status).toBe(200);
    expect((await post({ Authorization: `Bearer ${server.token}` })).status).toBe(200);
    expect((await post({ Authorization: 'Bearer wrong' })).status).toBe(401);
    // Another port's cookie (another server in the same browser) is not ours.
    expect((await post({ Cookie: `lumen-token-1=${server.token}` })).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=`, { redirect: 'manual' })).status).toBe(401);
  });

  it('is never turned off: a server given no token makes one, and a given one is required', async () => {
    const given = await startLumenServer({
      dispatch: createApiDispatcher(() => Promise.resolve(session)),
      files: () => Promise.resolve(session.files),
      rendererDir: photosDir,
      port: 0,
      token: 'correct-horse-battery-staple-0123',
    });
    try {
      expect(given.url).toBe(`${given.origin}/?token=correct-horse-battery-staple-0123`);
      expect((await fetch(`${given.origin}/api/getStatus`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    } finally {
      await given.close();
    }
  });
});
