/** Argument validation for every contract call; main and the HTTP server run these before any work. */
import type { SearchRequest } from './contract';
import { err, ok, type Result } from './result';

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_SEARCH_LIMIT = 1_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateSearchRequest(input: unknown): Result<SearchRequest> {
  if (!isRecord(input)) return err('bad-argument', 'search expects an object { text, limit }');
  const { text, limit } = input;
  if (typeof text !== 'string' || text.trim() === '') return err('bad-argument', 'search text must be a non-empty string');
  if (text.length > MAX_QUERY_LENGTH) return err('bad-argument', `search text is longer than ${MAX_QUERY_LENGTH} characters`);
  const checkedLimit = limit === undefined ? 20 : limit;
  if (typeof checkedLimit !== 'number' || !Number.isInteger(checkedLimit) || checkedLimit < 1 || checkedLimit > MAX_SEARCH_LIMIT) {
    return err('bad-argument', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  }
  return ok({ text: text.trim(), limit: checkedLimit });
}
