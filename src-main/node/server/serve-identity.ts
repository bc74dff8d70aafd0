/**
 * What `lumen serve` keeps per library between starts, so that a window left open reconnects by
 * itself after a restart: the token (its cookie stays good) and the port it listened on (the
 * window's address stays good). Kept in `<library>/serve.json`, readable by the owner only (0600),
 * written whole under a temporary name and renamed over the old one. A file another account could
 * read or change (group or other bits, another owner, a link, not JSON) is not trusted: a new token
 * replaces it, and the caller says why.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { LumenFailure } from '../../../src-common/result';
import { syncFolder } from '../classify/durable-file';
import { storageFailure } from '../library/storage-failure';

export const SERVE_IDENTITY_FILE = 'serve.json';

const TOKEN_BYTES = 24;

const IdentitySchema = v.strictObject({
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{32,}$/)),
  port: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535))),
});

export interface ServeIdentity {
  token: string;
  /** The port the library was last served on; null before its first start. */
  port: number | null;
}

export interface LoadedServeIdentity extends ServeIdentity {
  /** Why the saved token was replaced by a new one (a sentence for the person), or null when it was reused or new anyway. */
  replacedBecause: string | null;
}

export function newServeToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function serveIdentityPath(libraryDir: string): string {
  return join(libraryDir, SERVE_IDENTITY_FILE);
}

type SavedIdentity = { identity: ServeIdentity } | { missing: true } | { distrusted: string };

/** Why a file with these stats may have been read or changed by another account; null when only its owner could. */
function untrustedBecause(info: { isFile(): boolean; mode: number; uid: number }): string | null {
  if (!info.isFile()) return 'is not a plain file';
  // Windows has no POSIX owner or mode bits: the library folder's own access rules protect the file there.
  if (process.platform === 'win32') return null;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `belongs to another account (user id ${info.uid})`;
  if ((info.mode & 0o077) !== 0) return `could be read or changed by other accounts (mode ${(info.mode & 0o777).toString(8)})`;
  return null;
}

async function readSaved(path: string): Promise<SavedIdentity> {
  // One handle for the checks and the read, never following a link (nor waiting on a pipe): a file
  // swapped in between checking it and reading it by name would otherwise be read unchecked.
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { missing: true };
    if (code === 'ELOOP') return { distrusted: 'is not a plain file' };
    throw error;
  }
  try {
    const untrusted = untrustedBecause(await handle.stat());
    if (untrusted) return { distrusted: untrusted };
    let parsed: unknown;
    try {
      parsed = JSON.parse(await handle.readFile('utf8'));
    } catch {
      return { distrusted: 'could not be read as JSON' };
    }
    const result = v.safeParse(IdentitySchema, parsed);
    return result.success ? { identity: result.output } : { distrusted: 'does not hold a token Lumen made' };
  } finally {
    await handle.close();
  }
}

/**
 * The token and last port to serve `libraryDir` with: the saved ones when only this account could
 * have read them, otherwise (and with `newToken`) a new token, saved before it is used.
 */
export async function loadServeIdentity(libraryDir: string, options: { newToken?: boolean } = {}): Promise<LoadedServeIdentity> {
  return keptIn(serveIdentityPath(libraryDir), () => loadIdentity(libraryDir, options));
}

async function loadIdentity(libraryDir: string, options: { newToken?: boolean }): Promise<LoadedServeIdentity> {
  const path = serveIdentityPath(libraryDir);
  const saved = await readSaved(path);
  if ('identity' in saved && !options.newToken) return { ...saved.identity, replacedBecause: null };
  const identity: ServeIdentity = { token: newServeToken(), port: 'identity' in saved ? saved.identity.port : null };
  await saveServeIdentity(libraryDir, identity);
  const replacedBecause = 'distrusted' in saved ? `${path} ${saved.distrusted}, so lumen serve made a new token` : null;
  return { ...identity, replacedBecause };
}

/** Writes the identity owner-only under a temporary name, syncs it and renames it over the saved one. */
export async function saveServeIdentity(libraryDir: string, identity: ServeIdentity): Promise<void> {
  return keptIn(serveIdentityPath(libraryDir), () => saveIdentity(libraryDir, identity));
}

async function saveIdentity(libraryDir: string, identity: ServeIdentity): Promise<void> {
  const path = serveIdentityPath(libraryDir);
  const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
  // 'wx': never follows or reuses something already at the temporary name; 0o600 before a byte is written.
  const handle = await open(partial, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(`${JSON.stringify(identity)}\n`);
      // The mode asked for at open is narrowed by the umask only; this makes it exactly owner read and write.
      await handle.chmod(0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await syncFolder(libraryDir);
}

/** Runs `work` on the file at `path`; a file-system failure becomes one sentence naming the file and the reason. */
async function keptIn<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LumenFailure) throw error;
    throw (
      storageFailure(error, path, { writing: true }) ??
      new LumenFailure('serve-identity', `lumen serve could not keep its token in ${path}: ${whyNotKept(error)}.`)
    );
  }
}

function whyNotKept(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EISDIR':
    case 'ENOTEMPTY':
      return 'a folder has that name; move it away and start lumen serve again';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; lumen serve must be able to read and write the library folder';
    default:
      return `it could not be read or written (${code ?? 'unexpected error'})`;
  }
}
