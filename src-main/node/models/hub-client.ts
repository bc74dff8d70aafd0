import { get as httpGetPlain, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import { apiUrl, fileUrl, type HubRepository } from './hub-source';

/** One file of the hub's tree listing. `lfs` is present for files kept in Git LFS (every large one). */
export interface HubTreeFile {
  path: string;
  size: number;
  /** Git blob SHA-1 of the file (for an LFS file: of its pointer). */
  oid: string;
  /** The content's SHA-256 and size, for LFS files. */
  lfs: { sha256: string; size: number } | null;
}

/** The most a listing may weigh: a repository's tree is a few hundred kilobytes at most. */
const MAX_LISTING_BYTES = 16 * 1024 * 1024;
const MAX_PAGES = 50;
const SHA1_HEX = /^[0-9a-f]{40}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The hub's metadata API: which commit a branch or tag is at, and the files of a commit with
 * their sizes and hashes. Answers null where the server has no such API (a plain file server
 * with the same `resolve` layout), so the caller can say it checks by size and ETag only.
 */
export class HubClient {
  constructor(private readonly token: CancellationToken = NEVER_CANCELLED) {}

  /** The commit `repo.revision` names, or null when the server has no revision API. */
  async resolveCommit(repo: HubRepository): Promise<string | null> {
    const body = await this.getJson(apiUrl(repo, 'revision'), repo);
    if (body === null) return null;
    const sha = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).sha : undefined;
    if (typeof sha !== 'string' || !SHA1_HEX.test(sha))
      throw new LumenFailure('download-failed', `the hub's answer about ${repo.repoId}@${repo.revision} names no commit`);
    return sha;
  }

  /** Every file of the repository at `commit`, or null when the server has no tree API. */
  async listFiles(repo: HubRepository, commit: string): Promise<HubTreeFile[] | null> {
    const files: HubTreeFile[] = [];
    let next: string | null = `${apiUrl(repo, 'tree', commit)}?recursive=true`;
    for (let page = 0; next !== null && page < MAX_PAGES; page++) {
      const answer = await this.get(next, repo);
      if (answer === null) return page === 0 ? null : files;
      const body: unknown = JSON.parse(answer.text);
      if (!Array.isArray(body)) throw new LumenFailure('download-failed', `the hub's file list of ${repo.repoId} is not a list`);
      for (const item of body) {
        const file = treeFile(item);
        if (file) files.push(file);
      }
      next = nextPage(answer.link, next);
    }
    return files;
  }

  /**
   * The repository's config.json at `revision`, read only to choose which tower files to fetch
   * (its `transformers.js_config` pins); the copy installed is downloaded and checked with the
   * other files. Null where the repository has none.
   */
  async readConfig(repo: HubRepository, revision: string): Promise<Record<string, unknown> | null> {
    const body = await this.getJson(fileUrl(repo, 'config.json', revision), repo);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  }

  private async getJson(url: string, repo: HubRepository): Promise<unknown> {
    const answer = await this.get(url, repo);
    if (answer === null) return null;
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new LumenFailure('download-failed', `the hub's answer about ${repo.repoId} is not JSON (${url})`);
    }
  }

  /** The body of a 200 answer, null for 404 (no such API here); anything else fails with the status. */
  private async get(url: string, repo: HubRepository): Promise<{ text: string; link: string | undefined } | null> {
    let current = new URL(url);
    for (let hops = 0; hops < 5; hops++) {
      throwIfCancelled(this.token, `reading the file list of ${repo.repoId} was cancelled`);
      const response = await request(current, this.token);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        current = new URL(response.headers.location, current);
        continue;
      }
      if (status === 404) {
        // The hub says why in JSON (no such repository or revision); a server without the API just has no such page.
        const reason = hubError(await readBounded(response, 64 * 1024, current.href).catch(() => ''));
        if (reason === null) return null;
        throw new LumenFailure('download-failed', `${repo.endpoint} has no model ${repo.repoId} at ${repo.revision} (the hub says: ${reason.slice(0, 200)})`);
      }
      if (status === 401 || status === 403) {
        response.resume();
        throw new LumenFailure('download-failed', `the hub refused to list ${repo.repoId} (${status}): it may be private or gated, or the name is wrong`);
      }
      if (status !== 200) {
        response.resume();
        throw new LumenFailure('download-failed', `the hub answered ${status} for ${current.href}`);
      }
      const link = response.headers.link;
      return { text: await readBounded(response, MAX_LISTING_BYTES, current.href), link: Array.isArray(link) ? link[0] : link };
    }
    throw new LumenFailure('download-failed', `too many redirects for ${url}`);
  }
}

function request(url: URL, token: CancellationToken): Promise<IncomingMessage> {
  const get = url.protocol === 'https:' ? httpsGet : httpGetPlain;
  return new Promise((resolve, reject) => {
    const outgoing = get(url, { headers: { 'user-agent': 'lumen', accept: 'application/json' } }, (response) => {
      stop();
      resolve(response);
    });
    const stop = token.onCancellationRequested(() => {
      reject(new LumenFailure('cancelled', 'reading the hub listing was cancelled'));
      outgoing.destroy();
    });
    outgoing.on('error', (error) => {
      stop();
      reject(new LumenFailure('download-failed', `the hub at ${url.origin} could not be reached (${error.message})`));
    });
  });
}

function readBounded(response: IncomingMessage, limit: number, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        response.destroy();
        reject(new LumenFailure('download-failed', `the hub's answer at ${url} is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function treeFile(item: unknown): HubTreeFile | null {
  if (typeof item !== 'object' || item === null) return null;
  const entry = item as Record<string, unknown>;
  if (entry.type !== 'file' || typeof entry.path !== 'string' || typeof entry.size !== 'number' || typeof entry.oid !== 'string') return null;
  const lfs = typeof entry.lfs === 'object' && entry.lfs !== null ? (entry.lfs as Record<string, unknown>) : null;
  const sha256 = lfs && typeof lfs.oid === 'string' && SHA256_HEX.test(lfs.oid) ? lfs.oid : null;
  const lfsSize = lfs && typeof lfs.size === 'number' ? lfs.size : entry.size;
  return { path: entry.path, size: sha256 ? lfsSize : entry.size, oid: entry.oid, lfs: sha256 ? { sha256, size: lfsSize } : null };
}

/** The hub pages long listings with `Link: <…>; rel="next"`. */
function nextPage(link: string | undefined, current: string): string | null {
  const match = /<([^>]+)>\s*;\s*rel="next"/.exec(link ?? '');
  return match?.[1] ? new URL(match[1], current).href : null;
}

function hubError(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).error : undefined;
    return typeof error === 'string' ? error : null;
  } catch {
    return null;
  }
}
