import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import { get as httpGetPlain, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';

export interface DownloadProgress {
  /** What is being fetched, as the caller named it. */
  label: string;
  received: number;
  total: number | null;
}

export interface DownloadOutcome {
  bytes: number;
  sha256: string;
  /** The SHA-256 the server announced for the file (hub LFS files do), which `sha256` matched. */
  announcedSha256: string | null;
}

export interface DownloadOptions {
  label: string;
  onProgress?: (progress: DownloadProgress) => void;
  /** A 404 answers null instead of failing (for files an export may lack). */
  optional?: boolean;
  /** Tries per call; each retry resumes where the last one stopped. */
  attempts?: number;
  /** Stops the transfer at once (`cancelled`), keeping the bytes that arrived for the next call to resume from. */
  token?: CancellationToken;
}

function cancelledSentence(label: string): string {
  return `the download of ${label} was cancelled; what arrived is kept, and the same command resumes it`;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Fetches `url` into `partPath`, resuming from whatever `partPath` already holds with an HTTP
 * Range request (a server that ignores it sends the whole file, which restarts cleanly). A cut
 * transfer keeps its bytes for the next attempt. When the hub announces the file's SHA-256 (the
 * `X-Linked-Etag` of LFS files, or an ETag that is one), the finished file must match it; a
 * mismatch deletes the partial file so the next attempt starts afresh.
 */
export async function downloadResumable(url: string, partPath: string, options: DownloadOptions): Promise<DownloadOutcome | null> {
  const attempts = Math.max(1, options.attempts ?? 3);
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    throwIfCancelled(options.token ?? NEVER_CANCELLED, cancelledSentence(options.label));
    try {
      return await downloadOnce(url, partPath, options);
    } catch (error) {
      // A wrong hash or a refused request will not get better by asking again.
      if (error instanceof LumenFailure) throw error;
      lastError = error;
    }
  }
  throw new LumenFailure(
    'download-failed',
    `download of ${options.label} was interrupted ${attempts} times (${describe(lastError)}); run the same command again to resume`,
  );
}

async function downloadOnce(url: string, partPath: string, options: DownloadOptions): Promise<DownloadOutcome | null> {
  const already = (await stat(partPath).catch(() => null))?.size ?? 0;
  const range: Record<string, string> = already > 0 ? { Range: `bytes=${already}-` } : {};
  // Redirects are followed by hand: the hub puts the file's hash on the redirect, not on the CDN's answer.
  let current = new URL(url);
  const token = options.token ?? NEVER_CANCELLED;
  let response = await httpGet(current, range, token, options.label);
  let announced = announcedSha256(response.headers);
  for (let hops = 0; isRedirect(response.statusCode) && hops < 5; hops++) {
    const location = response.headers.location;
    if (!location) break;
    response.resume();
    current = new URL(location, current);
    response = await httpGet(current, range, token, options.label);
    announced ??= announcedSha256(response.headers);
  }
  const status = response.statusCode ?? 0;
  if (status !== 200 && status !== 206) response.resume();
  if (status === 404 && options.optional) return null;
  if (status === 416 && already > 0) return finish(partPath, options, announced); // already complete
  if (status !== 200 && status !== 206) {
    throw new LumenFailure('download-failed', `${options.label}: the server answered ${status} ${response.statusMessage ?? ''} for ${url}`.trim());
  }
  const resuming = status === 206 && contentRangeStart(response.headers['content-range']) === already;
  const start = resuming ? already : 0;
  const length = Number(response.headers['content-length'] ?? Number.NaN);
  const total = Number.isFinite(length) ? start + length : null;
  let received = start;
  options.onProgress?.({ label: options.label, received, total });
  // Written synchronously as each chunk arrives (flowing mode, nothing buffered), so every byte
  // that came before a dropped connection is on disk for the next attempt to resume from.
  const fd = openSync(partPath, resuming ? 'a' : 'w');
  let stopHearingToken = (): void => {};
  try {
    await new Promise<void>((resolve, reject) => {
      // Once cancelled, however the stream then ends, the transfer is cancelled, not failed (no retry).
      const fail = (error: unknown): void => reject(token.isCancellationRequested ? new LumenFailure('cancelled', cancelledSentence(options.label)) : error);
      response.on('data', (chunk: Buffer) => {
        if (token.isCancellationRequested) return;
        writeSync(fd, chunk);
        received += chunk.length;
        options.onProgress?.({ label: options.label, received, total });
      });
      response.on('end', () => (token.isCancellationRequested ? fail(null) : resolve()));
      response.on('error', fail);
      response.on('aborted', () => fail(new Error('the connection closed early')));
      stopHearingToken = token.onCancellationRequested(() => {
        fail(null);
        response.destroy();
      });
    });
  } finally {
    stopHearingToken();
    closeSync(fd);
  }
  if (total !== null && received < total) throw new Error(`transfer ended after ${received} of ${total} bytes`);
  return finish(partPath, options, announced);
}

function httpGet(url: URL, headers: Record<string, string>, token: CancellationToken, label: string): Promise<IncomingMessage> {
  throwIfCancelled(token, cancelledSentence(label));
  const get = url.protocol === 'https:' ? httpsGet : httpGetPlain;
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { 'user-agent': 'lumen', ...headers } }, (response) => {
      stopHearingToken();
      resolve(response);
    });
    const stopHearingToken = token.onCancellationRequested(() => {
      reject(new LumenFailure('cancelled', cancelledSentence(label)));
      request.destroy();
    });
    request.on('error', (error) => {
      stopHearingToken();
      reject(error);
    });
  });
}

const isRedirect = (status: number | undefined): boolean => status !== undefined && status >= 300 && status < 400;

async function finish(partPath: string, options: DownloadOptions, announced: string | null): Promise<DownloadOutcome> {
  const { sha256, bytes } = await fileSha256(partPath);
  if (announced !== null && announced !== sha256) {
    // The damage is what the person is told; a part file that cannot be emptied is restarted by the next try's Range check.
    await truncate(partPath, 0).catch(() => undefined);
    throw new LumenFailure('download-failed', `${options.label} is damaged: its SHA-256 is ${sha256} but the server says ${announced}; it was discarded`);
  }
  return { bytes, sha256, announcedSha256: announced };
}

export async function fileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function announcedSha256(headers: IncomingHttpHeaders): string | null {
  for (const name of ['x-linked-etag', 'etag']) {
    const raw = headers[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
    if (value && SHA256_HEX.test(value)) return value;
  }
  return null;
}

function contentRangeStart(header: string | undefined): number | null {
  const match = /^bytes (\d+)-/.exec(header ?? '');
  return match ? Number(match[1]) : null;
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
