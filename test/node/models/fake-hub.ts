/**
 * A hub on 127.0.0.1 serving model folders the way huggingface.co does: files at
 * `/<org>/<repo>/resolve/main/<path>`, Range requests, ONNX files behind a redirect that carries
 * their SHA-256 as `X-Linked-Etag`. It can cut a transfer halfway and serve damaged bytes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface HubRequest {
  path: string;
  range: string | null;
}

export interface FakeHub {
  url: string;
  requests: HubRequest[];
  /** The next full or ranged transfer of this file stops after half its bytes. */
  cutOnce(path: string): void;
  /**
   * Damage this file: `flip` one byte while announcing the true hash (the hub's LFS case), or
   * `truncate` it to half, announcing no hash (a server that gives no way to check).
   */
  corrupt(path: string, how: 'flip' | 'truncate' | 'none'): void;
  close(): Promise<void>;
}

export async function startFakeHub(repos: Readonly<Record<string, string>>): Promise<FakeHub> {
  const requests: HubRequest[] = [];
  const cuts = new Set<string>();
  const corrupted = new Map<string, 'flip' | 'truncate' | 'none'>();
  const server: Server = createServer((request, response) => {
    void serve(request, response).catch(() => response.destroy());
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, range: request.headers.range ?? null });
    const cdn = url.pathname.startsWith('/cdn/');
    const match = /^\/(?:cdn\/)?([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
    const folder = match ? repos[match[1] ?? ''] : undefined;
    const file = match?.[2] ?? '';
    if (!folder) return void response.writeHead(404).end();
    const bytes = await readFile(join(folder, file)).catch(() => null);
    if (!bytes) return void response.writeHead(404).end('Entry not found');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const lfs = file.endsWith('.onnx');
    const damage = corrupted.get(file);
    const announced: Record<string, string> = damage === 'truncate' ? {} : { 'x-linked-etag': `"${sha256}"`, 'x-linked-size': String(bytes.length) };
    if (lfs && !cdn) {
      // As the hub does for LFS files: the hash on the redirect, the bytes at the CDN.
      return void response.writeHead(302, { location: `/cdn${url.pathname}`, ...announced }).end();
    }
    let body = bytes;
    if (damage === 'flip') {
      body = Buffer.from(bytes);
      body[Math.floor(body.length / 2)] = (body[Math.floor(body.length / 2)] ?? 0) ^ 0xff;
    } else if (damage === 'truncate') {
      body = bytes.subarray(0, Math.floor(bytes.length / 2));
    }
    const headers: Record<string, string> = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= body.length && range) return void response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    const slice = body.subarray(start);
    response.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': String(slice.length),
      ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (cuts.delete(file)) {
      // Close gracefully (FIN, not RST) so the half that was sent reaches the client, as when a
      // connection drops after delivering part of a file.
      response.write(slice.subarray(0, Math.floor(slice.length / 2)), () => response.socket?.end());
      return;
    }
    response.end(slice);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cutOnce: (path) => void cuts.add(path),
    corrupt: (path, how) => void corrupted.set(path, how),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
