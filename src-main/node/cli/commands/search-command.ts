import { validateSearchRequest } from '../../../../src-common/validate';
import type { LumenServices } from '../../lumen-services';
import { UsageError, type CliIo } from '../cli-io';

export const DEFAULT_CLI_LIMIT = 10;

export async function runSearchCommand(services: LumenServices, words: string[], limit: number | undefined, json: boolean, io: CliIo): Promise<number> {
  const request = validateSearchRequest({ text: words.join(' '), limit: limit ?? DEFAULT_CLI_LIMIT });
  if (!request.ok) throw new UsageError(request.error.message);
  const response = await services.search.search(request.value);
  if (json) {
    io.out(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  }
  if (response.hits.length === 0) {
    io.out('No photos in the library yet. Add some with `lumen index <folder>`.\n');
    return 0;
  }
  for (const hit of response.hits) io.out(`${String(hit.rank).padStart(3)}. ${hit.score.toFixed(3)}  ${hit.path}\n`);
  return 0;
}
