/**
 * A hub on 127.0.0.1 that behaves like huggingface.co for the parts Lumen uses:
 * - `/<org>/<repo>/resolve/<rev>/<path>` for `main` or the repository's commit: files kept in git
 *   are served at once with their git blob SHA-1 as ETag; LFS files (ONNX, external data,
 *   safetensors) answer 302 to a CDN path, the redirect carrying `X-Linked-Etag` (their SHA-256)
 *   and `X-Linked-Size`; every answer carries `X-Repo-Commit`; Range requests get 206 or 416;
 * - `/api/models/<org>/<repo>/revision/<rev>` (the commit) and `/api/models/<org>/<repo>/tree/<rev>`
 *   (every file with its size, git oid and `lfs: { oid: sha256, size }`), paged with `Link`.
 * It can cut a transfer halfway, serve damaged bytes, and be started without the API (a plain
 * file server with the same layout).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

export interface HubRequest {
  path: string;
  range: string | null;
}

/** A repository: its folder, and the commit it claims to be at (default: derived from its files). */
export type HubRepoSpec = string | { folder: string; commit: string };

export interface FakeHubOptions {
  /** Serve the `/api/models/…` listings (default true). */
  api?: boolean;
  /** Files per page of a tree listing (default 1000, as the hub). */
  pageSize?: number;
}

export interface FakeHub {
  url: string;
  requests: HubRequest[];
  /** The commit each repository is at. */
  commitOf(repoId: string): string;
  /** The next full or ranged transfer of this file stops after half its bytes. */
  cutOnce(path: string): void;
  /** Holds the next transfer of this file after half its bytes until `release()` (to cancel mid-file). */
  stallOnce(path: string): Promise<void>;
  release(): void;
  /**
   * Damage this file: `flip` one byte while announcing the true hash (the hub's LFS case), or
   * `truncate` it to half, announcing no hash (a server that gives no way to check).
   */
  corrupt(path: string, how: 'flip' | 'truncate' | 'none'): void;
  close(): Promise<void>;
}

const LFS_FILE = /\.(onnx|onnx_data(_\d+)?|safetensors|bin)$/;

interface RepoFile {
  path: string;
  bytes: Buffer;
  sha256: string;
  gitOid: string;
  lfs: boolean;
}

interface Repo {
  commit: string;
  files: Map<string, RepoFile>;
}

const gitOid = (bytes: Buffer): string => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

async function readRepo(spec: HubRepoSpec, repoId: string): Promise<Repo> {
  const folder = typeof spec === 'string' ? spec : spec.folder;
  const files = new Map<string, RepoFile>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(folder, full).split(sep).join('/');
    const bytes = await readFile(full);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const lfs = LFS_FILE.test(path);
    // The hub's oid of an LFS file is the git oid of its pointer.
    const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${bytes.length}\n`);
    files.set(path, { path, bytes, sha256, gitOid: gitOid(lfs ? pointer : bytes), lfs });
  }
  const derived = createHash('sha1').update(repoId);
  for (const file of [...files.values()].sort((a, b) => a.path.localeCompare(b.path))) derived.update(`${file.path}:${file.sha256}\n`);
  return { commit: typeof spec === 'string' ? derived.digest('hex') : spec.commit, files };
}

export async function startFakeHub(specs: Readonly<Record<string, HubRepoSpec>>, options: FakeHubOptions = {}): Promise<FakeHub> {
  const api = options.api ?? true;
  const pageSize = options.pageSize ?? 1000;
  const repos = new Map<string, Repo>();
  for (const [repoId, spec] of Object.entries(specs)) repos.set(repoId, await readRepo(spec, repoId));
  const requests: HubRequest[] = [];
  const cuts = new Set<string>();
  const stalls = new Map<string, () => void>();
  let releaseStall: () => void = () => {};
  const corrupted = new Map<string, 'flip' | 'truncate' | 'none'>();

  const repoAt = (repoId: string, revision: string): Repo | null => {
    const repo = repos.get(repoId);
    return repo && (revision === 'main' || revision === repo.commit) ? repo : null;
  };

  const server: Server = createServer((request, response) => {
    void serve(request, response).catch(() => response.destroy());
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    requests.push({ path, range: request.headers.range ?? null });
    const listing = /^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/([^/]+)$/.exec(path);
    if (listing) {
      if (!api) return void response.writeHead(404).end('Not Found');
      const repo = repoAt(listing[1] ?? '', listing[3] ?? '');
      if (!repo) return void json(response, 404, { error: 'Invalid rev id' });
      if (listing[2] === 'revision')
        return void json(response, 200, { id: listing[1], sha: repo.commit, siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })) });
      return void treePage(response, url, repo);
    }
    const cdn = /^\/cdn-lfs\/([^/]+\/[^/]+)\/([0-9a-f]{40})\/(.+)$/.exec(path);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const match = cdn ?? resolve;
    const repo = match ? repoAt(match[1] ?? '', match[2] ?? '') : null;
    const file = repo?.files.get(match?.[3] ?? '');
    if (!repo || !file) return void response.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
    const damage = corrupted.get(file.path);
    const commitHeader = { 'x-repo-commit': repo.commit };
    if (file.lfs && !cdn) {
      // As the hub does for LFS files: the hash on the redirect, the bytes at the CDN.
      const announced: Record<string, string> =
        damage === 'truncate' ? {} : { 'x-linked-etag': `"${file.sha256}"`, 'x-linked-size': String(file.bytes.length) };
      return void response.writeHead(302, { location: `/cdn-lfs/${match?.[1] ?? ''}/${repo.commit}/${file.path}`, ...announced, ...commitHeader }).end();
    }
    let body = file.bytes;
    if (damage === 'flip') {
      body = Buffer.from(file.bytes);
      body[Math.floor(body.length / 2)] = (body[Math.floor(body.length / 2)] ?? 0) ^ 0xff;
    } else if (damage === 'truncate') {
      body = file.bytes.subarray(0, Math.floor(file.bytes.length / 2));
    }
    // The CDN's own ETag (an MD5, as object stores give) is no SHA-256; files kept in git carry their git oid.
    const etag = file.lfs ? { etag: `"${createHash('md5').update(body).digest('hex')}"` } : damage === 'truncate' ? {} : { etag: `"${file.gitOid}"` };
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= body.length && range) return void response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    const slice = body.subarray(start);
    response.writeHead(range ? 206 : 200, {
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-length': String(slice.length),
      ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
      ...etag,
      ...commitHeader,
    });
    if (cuts.delete(file.path)) {
      // Close gracefully (FIN, not RST) so the half that was sent reaches the client, as when a
      // connection drops after delivering part of a file.
      response.write(slice.subarray(0, Math.floor(slice.length / 2)), () => response.socket?.end());
      return;
    }
    const stalled = stalls.get(file.path);
    if (stalled) {
      stalls.delete(file.path);
      response.write(slice.subarray(0, Math.floor(slice.length / 2)), stalled);
      await new Promise<void>((resume) => (releaseStall = resume));
      if (!response.destroyed) response.end(slice.subarray(Math.floor(slice.length / 2)));
      return;
    }
    response.end(slice);
  }

  function treePage(response: ServerResponse, url: URL, repo: Repo): void {
    const all = [...repo.files.values()].sort((a, b) => a.path.localeCompare(b.path));
    const directories = [
      ...new Set(
        all.flatMap((f) =>
          f.path
            .split('/')
            .slice(0, -1)
            .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
        ),
      ),
    ];
    const items = [
      ...directories.map((path) => ({ type: 'directory', oid: createHash('sha1').update(path).digest('hex'), size: 0, path })),
      ...all.map((f) => ({
        type: 'file',
        oid: f.gitOid,
        size: f.bytes.length,
        path: f.path,
        ...(f.lfs ? { lfs: { oid: f.sha256, size: f.bytes.length, pointerSize: 134 } } : {}),
      })),
    ];
    const cursor = Number(url.searchParams.get('cursor') ?? '0');
    const page = items.slice(cursor, cursor + pageSize);
    const next = cursor + pageSize < items.length ? { link: `<${url.pathname}?recursive=true&cursor=${cursor + pageSize}>; rel="next"` } : {};
    response.writeHead(200, { 'content-type': 'application/json', ...next });
    response.end(JSON.stringify(page));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    commitOf: (repoId) => repos.get(repoId)?.commit ?? '',
    cutOnce: (path) => void cuts.add(path),
    stallOnce: (path) => new Promise<void>((reached) => stalls.set(path, reached)),
    release: () => releaseStall(),
    corrupt: (path, how) => void corrupted.set(path, how),
    close: () =>
      new Promise<void>((resolve) => {
        releaseStall();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
