/** Argument validation for every contract call; main and the HTTP server run these before any work. */
import type { SearchFilters, SearchRequest } from './contract';
import { err, ok, type Result } from './result';

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_SEARCH_LIMIT = 1_000;
export const MAX_SEARCH_OFFSET = 100_000;
export const MAX_EXAMPLE_PHOTOS = 100;
const MAX_FILTER_VALUES = 100;
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, what: string): Result<string[] | undefined> {
  if (value === undefined) return ok(undefined);
  if (!Array.isArray(value) || value.length > MAX_FILTER_VALUES || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
    return err('bad-argument', `${what} must be a list of at most ${MAX_FILTER_VALUES} non-empty strings`);
  }
  return ok(value.map((v: string) => v.trim()));
}

function dateBound(value: unknown, what: string): Result<string | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'string' || !DATE_OR_TIME.test(value.trim()) || Number.isNaN(Date.parse(value.trim().slice(0, 10)))) {
    return err('bad-argument', `${what} must be a date like 2024-07-14 (or 2024-07-14T18:30), not ${JSON.stringify(value)}`);
  }
  return ok(value.trim().replace(' ', 'T'));
}

export function validateSearchFilters(input: unknown): Result<SearchFilters> {
  if (!isRecord(input)) return err('bad-argument', 'filters must be an object');
  const filters: SearchFilters = {};
  for (const key of ['folders', 'cameras', 'fileTypes', 'tags'] as const) {
    const list = stringList(input[key], `filters.${key}`);
    if (!list.ok) return list;
    if (list.value) filters[key] = key === 'fileTypes' ? list.value.map((t) => t.toLowerCase()) : list.value;
  }
  for (const key of ['from', 'to'] as const) {
    const bound = dateBound(input[key], `filters.${key}`);
    if (!bound.ok) return bound;
    if (bound.value) filters[key] = bound.value;
  }
  if (filters.from && filters.to && filters.from.slice(0, 10) > filters.to.slice(0, 10)) {
    return err('bad-argument', `filters.from (${filters.from}) is after filters.to (${filters.to})`);
  }
  if (input['includeOffline'] !== undefined) {
    if (typeof input['includeOffline'] !== 'boolean') return err('bad-argument', 'filters.includeOffline must be true or false');
    filters.includeOffline = input['includeOffline'];
  }
  return ok(filters);
}

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Only fields that were given appear in the result, so callers can tell defaults from choices. */
export function validateSearchRequest(input: unknown): Result<SearchRequest> {
  if (!isRecord(input)) return err('bad-argument', 'search expects an object { text, limit }');
  const { text, limit, like, textWeight, filters, offset, groupDuplicates } = input;
  const likeGiven = Array.isArray(like) && like.length > 0;
  if (typeof text !== 'string' && !(text === undefined && likeGiven)) return err('bad-argument', 'search text must be a string');
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '' && !likeGiven) return err('bad-argument', 'search needs words or example photos (like)');
  if (trimmed.length > MAX_QUERY_LENGTH) return err('bad-argument', `search text is longer than ${MAX_QUERY_LENGTH} characters`);
  const checkedLimit = limit === undefined ? 20 : limit;
  if (!integerIn(checkedLimit, 1, MAX_SEARCH_LIMIT)) return err('bad-argument', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  const request: SearchRequest = { text: trimmed, limit: checkedLimit };
  if (like !== undefined) {
    const valid =
      Array.isArray(like) &&
      like.length <= MAX_EXAMPLE_PHOTOS &&
      like.every((item) => integerIn(item, 1, Number.MAX_SAFE_INTEGER) || (typeof item === 'string' && item.trim() !== ''));
    if (!valid) return err('bad-argument', `like must be a list of at most ${MAX_EXAMPLE_PHOTOS} photo ids or file paths`);
    if (like.length > 0) request.like = like as Array<number | string>;
  }
  if (textWeight !== undefined) {
    if (typeof textWeight !== 'number' || !(textWeight >= 0 && textWeight <= 1)) return err('bad-argument', 'textWeight must be a number from 0 to 1');
    request.textWeight = textWeight;
  }
  if (filters !== undefined) {
    const checked = validateSearchFilters(filters);
    if (!checked.ok) return checked;
    request.filters = checked.value;
  }
  if (offset !== undefined) {
    if (!integerIn(offset, 0, MAX_SEARCH_OFFSET)) return err('bad-argument', `offset must be an integer from 0 to ${MAX_SEARCH_OFFSET}`);
    request.offset = offset;
  }
  if (groupDuplicates !== undefined) {
    if (typeof groupDuplicates !== 'boolean') return err('bad-argument', 'groupDuplicates must be true or false');
    request.groupDuplicates = groupDuplicates;
  }
  return ok(request);
}
