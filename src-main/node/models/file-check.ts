import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * How a downloaded file was checked, recorded per file in the registry:
 * - `pinned-sha256` / `pinned-git-sha1`: against the hash the catalogue pins for that commit;
 * - `hub-sha256` / `hub-git-sha1`: against the hub's own listing of the commit at install time;
 * - `size-and-etag`: no hash was known; only the size (where listed) and the SHA-256 the server
 *   announced in its ETag, if it announced one.
 */
export type FileCheck = 'pinned-sha256' | 'pinned-git-sha1' | 'hub-sha256' | 'hub-git-sha1' | 'size-and-etag';

export interface ExpectedFile {
  bytes: number | null;
  sha256: string | null;
  gitBlobSha1: string | null;
  /** Where the hashes come from: the catalogue's pins or the hub's listing. */
  pinned: boolean;
}

export function checkOf(expected: ExpectedFile): FileCheck {
  if (expected.sha256) return expected.pinned ? 'pinned-sha256' : 'hub-sha256';
  if (expected.gitBlobSha1) return expected.pinned ? 'pinned-git-sha1' : 'hub-git-sha1';
  return 'size-and-etag';
}

/** What a check that is not by hash says, once per install: one plain sentence per file. */
export function weakCheckNotice(target: string, expected: ExpectedFile): string | null {
  if (checkOf(expected) !== 'size-and-etag') return null;
  const size = expected.bytes === null ? 'the size the server sends' : `its listed size (${expected.bytes} bytes)`;
  return `${target} has no published hash, so it is verified by ${size} and the server's ETag only`;
}

/**
 * Git's object id of a file's content (`sha1("blob <size>\0" + content)`): what the hub lists as
 * `oid` for every file kept in git rather than LFS, and answers as the ETag of such a file.
 */
export async function gitBlobSha1(path: string): Promise<string> {
  const { size } = await stat(path);
  const hash = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first way the file differs from what was expected, as a sentence, or null when it matches. */
export async function mismatch(path: string, actual: { bytes: number; sha256: string }, expected: ExpectedFile): Promise<string | null> {
  const whose = expected.pinned ? 'the catalogue pins' : 'the hub lists';
  if (expected.bytes !== null && actual.bytes !== expected.bytes) return `it has ${actual.bytes} bytes where ${whose} ${expected.bytes}`;
  if (expected.sha256 !== null) return actual.sha256 === expected.sha256 ? null : `its SHA-256 is ${actual.sha256} where ${whose} ${expected.sha256}`;
  if (expected.gitBlobSha1 !== null) {
    const sha1 = await gitBlobSha1(path);
    return sha1 === expected.gitBlobSha1 ? null : `its git blob SHA-1 is ${sha1} where ${whose} ${expected.gitBlobSha1}`;
  }
  return null;
}
