/** Argument validation for the window's calls (contract-app.ts); run by IPC and HTTP before any work. */
import type { IndexingAction, PhotoPageRequest } from './contract-app';
import { err, ok, type Result } from './result';
import { isRecord } from './validate';

export const MAX_PAGE_SIZE = 2_000;
export const MAX_PATH_LENGTH = 4_096;
const INDEXING_ACTIONS: readonly IndexingAction[] = ['pause', 'resume', 'cancel'];

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** An absolute folder path as the OS writes it: no NUL bytes, not empty, not absurdly long. */
export function validateFolderPath(input: unknown): Result<string> {
  if (typeof input !== 'string') return err('bad-argument', 'folder must be a path string');
  const path = input.trim();
  if (path === '' || path.length > MAX_PATH_LENGTH || path.includes('\0')) {
    return err('bad-argument', `folder must be a path of 1 to ${MAX_PATH_LENGTH} characters`);
  }
  const absolute = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
  if (!absolute) return err('bad-argument', `folder must be an absolute path, not ${JSON.stringify(path)}`);
  return ok(path);
}

export function validatePhotoId(input: unknown): Result<number> {
  if (!integerIn(input, 1, Number.MAX_SAFE_INTEGER)) return err('bad-argument', 'photo id must be a positive integer');
  return ok(input);
}

export function validatePhotoPageRequest(input: unknown): Result<PhotoPageRequest> {
  if (!isRecord(input)) return err('bad-argument', 'listPhotos expects an object { offset, limit }');
  const { offset, limit, folder, tag } = input;
  if (!integerIn(offset, 0, Number.MAX_SAFE_INTEGER)) return err('bad-argument', 'offset must be a non-negative integer');
  if (!integerIn(limit, 1, MAX_PAGE_SIZE)) return err('bad-argument', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  const request: PhotoPageRequest = { offset, limit };
  if (folder !== undefined) {
    const path = validateFolderPath(folder);
    if (!path.ok) return path;
    request.folder = path.value;
  }
  if (tag !== undefined) {
    if (typeof tag !== 'string' || tag.trim() === '' || tag.length > 100) return err('bad-argument', 'tag must be a tag name of 1 to 100 characters');
    request.tag = tag.trim();
  }
  return ok(request);
}

export function validateIndexingAction(input: unknown): Result<IndexingAction> {
  const action = INDEXING_ACTIONS.find((known) => known === input);
  if (action === undefined) return err('bad-argument', `indexing action must be one of ${INDEXING_ACTIONS.join(', ')}`);
  return ok(action);
}

/** Calls that take no argument must get none, so a confused or hostile caller is told so. */
export function validateNoArgument(input: unknown): Result<undefined> {
  if (input !== undefined && input !== null) return err('bad-argument', 'this call takes no argument');
  return ok(undefined);
}
