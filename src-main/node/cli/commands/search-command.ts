import type { PhotoPartRef, SearchFilters, SearchRequest } from '../../../../src-common/contract';
import { checkedBy, type CliApi } from '../cli-api';
import { printable, type CliIo } from '../cli-io';
import type { CommandOptionValues } from '../command-options';
import { parseNumberOption } from '../number-option';
import { formatMoment } from '../../../../src-common/video-moment';
import { placeLabel } from '../../../../src-common/place-words';

export const DEFAULT_CLI_LIMIT = 10;

function filtersFrom(options: CommandOptionValues): SearchFilters | undefined {
  const filters: SearchFilters = {};
  if (options.folder) filters.folders = options.folder;
  if (options.from) filters.from = options.from;
  if (options.to) filters.to = options.to;
  if (options.tag) filters.tags = options.tag;
  if (options.camera) filters.cameras = options.camera;
  if (options.place) filters.places = options.place;
  if (options.type) filters.fileTypes = options.type;
  if (options['include-offline']) filters.includeOffline = true;
  if (options['include-undated']) filters.includeUndated = true;
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/** Builds and validates the request from the command line alone, so bad arguments fail before the library opens. */
export function searchRequestFrom(words: string[], limit: number | undefined, options: CommandOptionValues): SearchRequest {
  const offset = parseNumberOption(options.offset, '--offset', { min: 0, max: 100_000, integer: true });
  const textWeight = parseNumberOption(options['text-weight'], '--text-weight', { min: 0, max: 1 });
  const filters = filtersFrom(options);
  return checkedBy('search', {
    text: words.join(' '),
    limit: limit ?? DEFAULT_CLI_LIMIT,
    ...(options.like ? { like: options.like } : {}),
    ...(textWeight !== undefined ? { textWeight } : {}),
    ...(filters ? { filters } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(options.group ? { groupDuplicates: true } : {}),
  });
}

/** `lumen search [words] [--like <photo>]... [filters] [--offset N] [--group]`. */
export async function runSearchCommand(api: CliApi, request: SearchRequest, json: boolean, io: CliIo): Promise<number> {
  const response = await api('search', request);
  if (json) {
    io.out(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  }
  if (response.hits.length === 0) {
    io.out((await api('getStatus')).photos === 0 ? 'No photos in the library yet. Add some with `lumen index <folder>`.\n' : 'No photos match.\n');
    return 0;
  }
  // Raw cosines are in --json; people read the one calibrated match, and whether anything is close.
  if (response.closeMatches === 0) io.out('No close matches; the nearest photos:\n');
  for (const hit of response.hits) {
    const notes = [
      hit.video ? `video, at ${formatMoment(hit.video.atMs)}` : '',
      hit.place ? printable(placeLabel(hit.place)) : '',
      partsNote(hit.parts ?? []),
      ...(hit.matchedBy ?? []).map((reason) => `${reason.field}: ${reason.words.join(', ')}`),
      hit.duplicates?.length ? `+${hit.duplicates.length} near-identical` : '',
    ].filter(Boolean);
    io.out(
      `${String(hit.rank).padStart(3)}. ${`${Math.round(hit.match * 100)}%`.padStart(4)}  ${printable(hit.path)}${notes.length ? `  (${notes.join(', ')})` : ''}\n`,
    );
  }
  return 0;
}

/** What a hit is shown with, each kind once: "with RAW", "with Live Photo video and 2 copies"; '' for nothing. */
export function partsNote(parts: readonly PhotoPartRef[]): string {
  const copies = parts.filter((part) => part.kind === 'copy').length;
  const names = [
    parts.some((part) => part.kind === 'raw') ? 'RAW' : '',
    parts.some((part) => part.kind === 'live-video') ? 'Live Photo video' : '',
    copies === 0 ? '' : copies === 1 ? 'a copy' : `${copies} copies`,
  ].filter(Boolean);
  if (names.length === 0) return '';
  return `with ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}
