/**
 * Server and media attacks against the real `lumen serve` server (real services, real
 * SQLite, real indexed photos), one table of hostile requests sent as raw bytes over TCP so nothing
 * in an HTTP client normalizes them first. Adds what test/node/server/lumen-server.test.ts does not
 * already try: double-encoded and backslash traversal, absolute and non-origin request targets,
 * NUL bytes, directory symlinks out of the renderer, media rows pointing outside their root,
 * malformed ids, forged Host and Origin variants, the token on a wildcard (non-loopback) bind, and
 * oversized or lying request bodies. Attacks on the loopback server carry its token (so they reach
 * the checks behind it), except those that try it without. Every attack must be refused (HTTP 4xx, or a contract error
 * Result) and no response may carry a byte of the files outside the library and renderer.
 */
import { connect } from 'node:net';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { MAX_BODY_BYTES, startLumenServer, type RunningServer } from '../../../src-main/node/server/lumen-server';
import { writeShapePhotos } from '../indexer/indexer-fixtures';

const SECRET = 'LUMEN-SECRET-7f3a9c-do-not-leak';

interface RawReply {
  status: number;
  head: string;
  body: Buffer;
}

/** The body of a chunked response (what arrived of it). */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends `request` verbatim and reads one response (by Content-Length, or to the end of the
 * connection). A server that neither answers nor closes within 10 s fails the attack.
 */
function sendRaw(port: number, request: string | Buffer): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        settled = true;
        socket.destroy();
        resolve({ status: 0, head: data.toString('latin1'), body: Buffer.alloc(0) });
        return;
      }
      settled = true;
      socket.destroy();
      const head = data.subarray(0, end).toString('latin1');
      const rest = data.subarray(end + 4);
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: /\r\ntransfer-encoding: *chunked/i.test(head) ? dechunk(rest) : rest,
      });
    };
    socket.setTimeout(10_000, () => {
      settled = true;
      socket.destroy();
      reject(new Error('no answer within 10 s'));
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = data.subarray(0, end).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (length && data.length - end - 4 >= Number(length[1])) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error) => {
      // A reset after the answer arrived (the server stops reading an oversized body) is fine.
      if (data.includes('\r\n\r\n')) finish();
      else if (!settled) {
        settled = true;
        reject(error);
      }
    });
    socket.write(request);
  });
}

interface Attack {
  name: string;
  /** Which server: loopback (its token sent unless `withoutToken`), or bound to 0.0.0.0 (token never added). */
  on: 'loopback' | 'wildcard';
  withoutToken?: boolean;
  method?: string;
  target: string | (() => string);
  /** Header lines; `Host` is added unless `host` says otherwise (null: no Host at all). */
  headers?: Record<string, string>;
  host?: string | null;
  body?: string | Buffer;
  /** Extra raw bytes appended after the head (bodies that lie about their length). */
  httpVersion?: string;
}

let base: string;
let session: AppSession;
let loopback: RunningServer;
let wildcard: RunningServer;
let loopPort: number;
let wildPort: number;
let photoId: number;
const hostile: Record<string, number> = {};

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-attacks-'));
  const photosDir = join(base, 'photos');
  const rendererDir = join(base, 'renderer');
  const outside = join(base, 'outside');
  await mkdir(photosDir, { recursive: true });
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lumen</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(outside, 'secret.txt'), SECRET);
  await writeFile(join(outside, 'secret.jpg'), SECRET);
  // Symlinks out of the renderer (a folder) and out of the photo root (a file and a folder).
  await symlink(outside, join(rendererDir, 'assets', 'dir-link'));
  await symlink(join(outside, 'secret.jpg'), join(photosDir, 'link-out.jpg'));
  await symlink(outside, join(photosDir, 'dir-out'));
  await writeShapePhotos(photosDir, 2, 11);

  const libraryDir = join(base, 'library');
  const services = await LumenServices.open({ libraryDir });
  await services.indexer.indexFolders([photosDir]);
  await writeFile(join(libraryDir, 'secret-in-library.txt'), SECRET);
  const [root] = services.photos.listRoots();
  const first = services.photos.getPhotoByPath(join(photosDir, 'photo-000.jpg')) ?? services.photos.getPhotoByPath(join(photosDir, 'photo-000.png'));
  photoId = first?.id ?? 0;
  // Rows a corrupted or hostile database could hold; the media route must not trust them.
  const row = (path: string, thumbnail: string | null) => ({
    rootId: root?.id ?? 0,
    path,
    size: 1,
    mtimeMs: 1,
    contentHash: `hostile-${path}-${thumbnail}`,
    width: 1,
    height: 1,
    format: 'jpeg',
    takenAt: null,
    cameraMake: null,
    cameraModel: null,
    thumbnail,
  });
  hostile['outsideRoot'] = services.photos.upsertPhoto(row(join(outside, 'secret.jpg'), null));
  hostile['linkOut'] = services.photos.upsertPhoto(row(join(photosDir, 'link-out.jpg'), null));
  hostile['dirLink'] = services.photos.upsertPhoto(row(join(photosDir, 'dir-out', 'secret.jpg'), null));
  hostile['traversal'] = services.photos.upsertPhoto(row(`${photosDir}/../outside/secret.jpg`, '../secret-in-library.txt'));
  hostile['absoluteThumb'] = services.photos.upsertPhoto(row(join(photosDir, 'nope.jpg'), join(outside, 'secret.txt')));

  session = new AppSession(services);
  const common = { dispatch: createApiDispatcher(() => Promise.resolve(session)), files: () => Promise.resolve(session.files), rendererDir, port: 0 };
  loopback = await startLumenServer({ ...common, token: LOOPBACK_TOKEN });
  wildcard = await startLumenServer({ ...common, host: '0.0.0.0', token: 'correct-horse-battery-staple-0123' });
  loopPort = Number(new URL(loopback.origin).port);
  wildPort = Number(new URL(wildcard.origin).port);
});

afterAll(async () => {
  await loopback?.close();
  await wildcard?.close();
  await session?.dispose();
});

const json = { 'Content-Type': 'application/json' };
const TOKEN = 'correct-horse-battery-staple-0123';
const LOOPBACK_TOKEN = 'loopback-horse-battery-staple-4567';

function attacks(): Attack[] {
  const outsideAbs = join(base, 'outside', 'secret.txt');
  const libAbs = join(base, 'library', 'secret-in-library.txt');
  const list: Attack[] = [];
  const get = (name: string, target: string | (() => string), extra: Partial<Attack> = {}) => list.push({ name, on: 'loopback', target, ...extra });

  // Static files: traversal the existing suite does not try.
  get('double-encoded dots', '/assets/%252e%252e/%252e%252e/outside/secret.txt');
  get('double-encoded dots at the root', '/%252e%252e/outside/secret.txt');
  get('double-encoded slash', '/assets/..%252f..%252foutside%252fsecret.txt');
  get('upper-case encoded dots and slash', '/assets/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt');
  get('overlong UTF-8 dots', '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/outside/secret.txt');
  get('backslash traversal', '/assets\\..\\..\\outside\\secret.txt');
  get('encoded backslash traversal', '/assets/..%5c..%5coutside%5csecret.txt');
  get('mixed slash and backslash', '/assets/..\\/..\\/outside/secret.txt');
  get('absolute path in the URL', () => outsideAbs);
  get('encoded absolute path', () => `/${encodeURIComponent(outsideAbs)}`);
  get('double slash absolute path', () => `/${outsideAbs}`);
  get('library file by absolute path', () => `/${encodeURIComponent(libAbs)}`);
  get('library database by traversal', '/..%2flibrary%2flumen.db');
  get('/etc/passwd encoded', '/%2fetc%2fpasswd');
  get('Windows drive path', '/C:%5cWindows%5cwin.ini');
  get('UNC path', '/%5c%5cserver%5cshare%5csecret.txt');
  get('NUL before an extension', '/index.html%00.png');
  get('NUL in an asset name', '/assets/app.js%00');
  get('raw NUL byte in the request line', '/index.html\0.png');
  get('NUL then traversal', '/assets/%00/../../outside/secret.txt');
  get('directory symlink out of the renderer', '/assets/dir-link/secret.txt');
  get('encoded path through the directory symlink', '/assets%2fdir-link%2fsecret.txt');
  get('request target without a leading slash', '../outside/secret.txt');
  get('absolute-form target with traversal', () => `http://127.0.0.1:${loopPort}/../outside/secret.txt`);
  get('file: URL as target', () => `file://${outsideAbs}`);
  get('asterisk target', '*');
  get('bad percent-encoding', '/assets/%zz%2');
  get('the renderer folder itself', '/assets');

  // Media by id: malformed ids and rows that point outside.
  for (const id of ['-1', '01', '1e3', '0x1', '%31', '1%00', '1%2f..', ' 1', '99999999999999999999', 'NaN', 'Infinity', '1;2'])
    get(`malformed media id ${JSON.stringify(id)}`, `/media/photo/${id}`);
  get('media id with trailing segment', () => `/media/photo/${photoId}/..`);
  get('media id with traversal after it', () => `/media/photo/${photoId}/../../outside/secret.txt`);
  get('media kind in capitals', () => `/media/PHOTO/${photoId}`);
  get('media kind traversal', () => `/media/..%2f..%2foutside/${photoId}`);
  get('unknown media kind', () => `/media/original/${photoId}`);
  get('media without id', '/media/photo/');
  for (const [label, key] of [
    ['row outside its root', 'outsideRoot'],
    ['row through a symlink out of the root', 'linkOut'],
    ['row through a folder symlink out of the root', 'dirLink'],
    ['row with a traversing path', 'traversal'],
  ] as const) {
    get(`photo: ${label}`, () => `/media/photo/${hostile[key]}`);
  }
  get('thumbnail: path escaping the thumbnails folder', () => `/media/thumbnail/${hostile['traversal']}`);
  get('thumbnail: absolute path outside the library', () => `/media/thumbnail/${hostile['absoluteThumb']}`);

  // Methods and calls.
  get('PUT on the API', '/api/getStatus', { method: 'PUT', headers: json, body: '{}' });
  get('DELETE a photo', () => `/media/photo/${photoId}`, { method: 'DELETE' });
  get('POST to media', () => `/media/photo/${photoId}`, { method: 'POST', headers: json, body: '{}' });
  get('TRACE', '/', { method: 'TRACE' });
  get('prototype method name', '/api/constructor', { method: 'POST', headers: json, body: '{}' });
  get('method name with traversal', '/api/..%2fgetStatus', { method: 'POST', headers: json, body: '{}' });
  get('envelope that is an array', '/api/getStatus', { method: 'POST', headers: json, body: '[1,2]' });
  get('envelope with __proto__', '/api/getPhoto', { method: 'POST', headers: json, body: '{"__proto__":{"arg":1},"arg":"x"}' });
  get('text/plain disguised as JSON', '/api/getStatus', { method: 'POST', headers: { 'Content-Type': 'text/plain; application/json' }, body: '{}' });

  // Forged Host (DNS rebinding) and Origin variants.
  const port = () => loopPort;
  get('Host: a subdomain spelled like localhost', '/', { host: `localhost.evil.example:${port()}` });
  get('Host: loopback name with a suffix', '/', { host: `127.0.0.1.nip.io:${port()}` });
  get('Host: port with a suffix', '/', { host: `127.0.0.1:${port()}.evil.example` });
  get('Host: userinfo', '/', { host: `evil@127.0.0.1:${port()}` });
  get('Host: without the port', '/', { host: '127.0.0.1' });
  get('Host: another port', '/', { host: `localhost:${port() + 1}` });
  get('Host: the wildcard address', '/', { host: `0.0.0.0:${port()}` });
  get('Host: empty', '/', { host: '' });
  get('no Host at all (HTTP/1.0)', '/', { host: null, httpVersion: '1.0' });
  // Node keeps the first of two Host headers (RFC 9112 asks for a 400): a foreign name first must not pass.
  get('two Host headers, the foreign one first', '/', { host: `evil.example:${port()}`, headers: { Host: `127.0.0.1:${port()}` } });
  get('Origin: null', '/api/getStatus', { method: 'POST', headers: { ...json, Origin: 'null' }, body: '{}' });
  get('Origin: https scheme', '/api/getStatus', { method: 'POST', headers: { ...json, Origin: `https://127.0.0.1:${port()}` }, body: '{}' });
  get('Origin: lookalike host', '/api/getStatus', { method: 'POST', headers: { ...json, Origin: `http://127.0.0.1:${port()}.evil.example` }, body: '{}' });
  get('Origin: another port', '/api/getStatus', { method: 'POST', headers: { ...json, Origin: `http://127.0.0.1:${port() + 1}` }, body: '{}' });
  get('Origin: trailing slash', '/api/getStatus', { method: 'POST', headers: { ...json, Origin: `http://127.0.0.1:${port()}/` }, body: '{}' });
  get('Sec-Fetch-Site: same-site', () => `/media/photo/${photoId}`, { headers: { 'Sec-Fetch-Site': 'same-site' } });
  get('Sec-Fetch-Site: cross-site on the API', '/api/getStatus', { method: 'POST', headers: { ...json, 'Sec-Fetch-Site': 'cross-site' }, body: '{}' });

  // Oversized and lying bodies.
  get('Content-Length over the limit, body never sent', '/api/getStatus', {
    method: 'POST',
    headers: { ...json, 'Content-Length': String(MAX_BODY_BYTES + 1) },
  });
  get('Content-Length of 10 GB', '/api/getStatus', { method: 'POST', headers: { ...json, 'Content-Length': '10737418240' } });
  get('chunked body over the limit', '/api/search', {
    method: 'POST',
    headers: { ...json, 'Transfer-Encoding': 'chunked' },
    body: (() => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const parts: Buffer[] = [];
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
      parts.push(Buffer.from('0\r\n\r\n'));
      return Buffer.concat(parts);
    })(),
  });
  get('deeply nested JSON within the limit', '/api/search', { method: 'POST', headers: json, body: `{"arg":${'['.repeat(100_000)}${']'.repeat(100_000)}}` });
  get('header block of 64 KB', '/', { headers: { 'X-Padding': 'a'.repeat(64 * 1024) } });

  // No token on loopback: any other account on the computer can connect to 127.0.0.1.
  const bare = { withoutToken: true };
  get('no token on loopback: renderer', '/', bare);
  get('no token on loopback: media', () => `/media/photo/${photoId}`, bare);
  get('no token on loopback: thumbnail', () => `/media/thumbnail/${photoId}`, bare);
  get('no token on loopback: addFolder', '/api/addFolder', { ...bare, method: 'POST', headers: json, body: JSON.stringify({ arg: join(base, 'outside') }) });
  get("no token on loopback: another server's token in our cookie", '/api/getStatus', {
    ...bare,
    method: 'POST',
    headers: { ...json, Cookie: `lumen-token-${loopPort}=${TOKEN}` },
    body: '{}',
  });
  get('no token on loopback: the right token under the old cookie name', '/api/getStatus', {
    ...bare,
    method: 'POST',
    headers: { ...json, Cookie: `lumen-token=${LOOPBACK_TOKEN}` },
    body: '{}',
  });

  // Token on a non-loopback (wildcard) bind.
  const wild = (name: string, target: string | (() => string), extra: Partial<Attack> = {}) => list.push({ name, on: 'wildcard', target, ...extra });
  const post = { method: 'POST', body: '{}' };
  wild('no token: API', '/api/getStatus', { ...post, headers: json });
  wild('no token: renderer', '/');
  wild('no token: media', () => `/media/photo/${photoId}`);
  wild('no token: forged Host', '/api/getStatus', { ...post, headers: json, host: `evil.example:${wildPort}` });
  wild('wrong bearer token', '/api/getStatus', { ...post, headers: { ...json, Authorization: 'Bearer wrong' } });
  wild('token prefix', '/api/getStatus', { ...post, headers: { ...json, Authorization: `Bearer ${TOKEN.slice(0, -1)}` } });
  wild('token with an extra character', '/api/getStatus', { ...post, headers: { ...json, Authorization: `Bearer ${TOKEN}x` } });
  wild('token as Basic credentials', '/api/getStatus', {
    ...post,
    headers: { ...json, Authorization: `Basic ${Buffer.from(`lumen:${TOKEN}`).toString('base64')}` },
  });
  wild('token under another cookie name', '/api/getStatus', { ...post, headers: { ...json, Cookie: `token=${TOKEN}` } });
  wild('wrong cookie token', '/api/getStatus', { ...post, headers: { ...json, Cookie: 'lumen-token=wrong' } });
  wild('empty bearer', '/api/getStatus', { ...post, headers: { ...json, Authorization: 'Bearer ' } });
  wild('token in the query of an API call', `/api/getStatus?token=${TOKEN}`, { ...post, headers: json });
  wild('token in the query of a media request', () => `/media/photo/${photoId}?token=${TOKEN}`);
  wild('wrong token in the address', '/?token=wrong');
  wild('right token, foreign Origin', '/api/getStatus', { ...post, headers: { ...json, Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example' } });
  wild('right token, cross-site fetch', () => `/media/photo/${photoId}`, { headers: { Authorization: `Bearer ${TOKEN}`, 'Sec-Fetch-Site': 'cross-site' } });
  return list;
}

function requestBytes(attack: Attack): Buffer {
  const port = attack.on === 'loopback' ? loopPort : wildPort;
  const target = typeof attack.target === 'function' ? attack.target() : attack.target;
  const lines = [`${attack.method ?? 'GET'} ${target} HTTP/${attack.httpVersion ?? '1.1'}`];
  const host = attack.host === undefined ? `127.0.0.1:${port}` : attack.host;
  if (host !== null) lines.push(`Host: ${host}`);
  const headers: Record<string, string> = attack.on === 'loopback' && !attack.withoutToken ? { Authorization: `Bearer ${LOOPBACK_TOKEN}` } : {};
  Object.assign(headers, attack.headers);
  const body = attack.body === undefined ? Buffer.alloc(0) : Buffer.from(attack.body);
  const lowerKeys = Object.keys(headers).map((k) => k.toLowerCase());
  if (attack.body !== undefined && !lowerKeys.includes('content-length') && !lowerKeys.includes('transfer-encoding'))
    headers['Content-Length'] = String(body.length);
  for (const [key, value] of Object.entries(headers)) lines.push(`${key}: ${value}`);
  lines.push('Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Refused: an HTTP error status, no answer at all, or a contract error Result. */
function refused(reply: RawReply): boolean {
  if (reply.status === 0 || reply.status >= 400) return true;
  if (reply.status !== 200 || !/content-type: application\/json/i.test(reply.head)) return false;
  try {
    return (JSON.parse(reply.body.toString('utf8')) as { ok?: unknown }).ok === false;
  } catch {
    return false;
  }
}

describe('server and media attacks', () => {
  it('checks that the fixtures work: the same requests done right succeed', async () => {
    const ok = [
      await sendRaw(loopPort, requestBytes({ name: 'renderer', on: 'loopback', target: '/assets/app.js' })),
      await sendRaw(loopPort, requestBytes({ name: 'media', on: 'loopback', target: `/media/photo/${photoId}` })),
      await sendRaw(
        wildPort,
        requestBytes({
          name: 'token',
          on: 'wildcard',
          target: '/api/getStatus',
          method: 'POST',
          headers: { ...json, Authorization: `Bearer ${TOKEN}` },
          body: '{}',
        }),
      ),
      await sendRaw(
        wildPort,
        requestBytes({
          name: 'token cookie, any Host on a wildcard bind',
          on: 'wildcard',
          target: `/media/photo/${photoId}`,
          host: `my-nas.local:${wildPort}`,
          headers: { Cookie: `lumen-token-${wildPort}=${TOKEN}` },
        }),
      ),
    ];
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(JSON.parse(ok[2]?.body.toString('utf8') ?? '')).toMatchObject({ ok: true });
    expect(await readFile(join(base, 'outside', 'secret.txt'), 'utf8')).toBe(SECRET);
  });

  it('refuses every attack in the table and leaks nothing', async () => {
    const table = attacks();
    const outcomes: Array<{ name: string; status: number; refused: boolean; leaked: boolean }> = [];
    for (const attack of table) {
      const reply = await sendRaw(attack.on === 'loopback' ? loopPort : wildPort, requestBytes(attack));
      const text = reply.head + reply.body.toString('latin1');
      outcomes.push({
        name: `${attack.on}: ${attack.name}`,
        status: reply.status,
        refused: refused(reply),
        leaked: text.includes(SECRET) || /root:.*:0:0:/.test(text) || text.includes('SQLite format 3'),
      });
    }
    const refusedCount = outcomes.filter((o) => o.refused && !o.leaked).length;
    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    console.log(
      `server attacks: ${outcomes.length} attacks tried, ${refusedCount} refused (statuses: ${[...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s || 'closed'}×${n}`)
        .join(', ')})`,
    );
    expect(outcomes.filter((o) => !o.refused || o.leaked)).toEqual([]);
    expect(refusedCount).toBe(table.length);
  });

  it('keeps answering after the attacks', async () => {
    const reply = await sendRaw(
      loopPort,
      requestBytes({ name: 'status', on: 'loopback', target: '/api/getStatus', method: 'POST', headers: json, body: '{}' }),
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body.toString('utf8'))).toMatchObject({ ok: true });
  });
});
