import type { LumenServices } from '../../lumen-services';
import type { IndexProgress } from '../../indexer/indexer';
import { UsageError, type CliIo } from '../cli-io';

function progressLine(p: IndexProgress): string {
  return `\r  found ${p.found}  indexed ${p.done}  unchanged ${p.unchanged}  failed ${p.failed}`;
}

export async function runIndexCommand(services: LumenServices, folders: string[], json: boolean, io: CliIo): Promise<number> {
  if (folders.length === 0) throw new UsageError('lumen index needs at least one folder');
  const live = io.interactive && !json;
  const summary = await services.indexer.indexFolders(folders, live ? (p) => io.err(progressLine(p)) : undefined);
  if (live) io.err('\n');
  if (json) {
    io.out(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    io.out(
      `Indexed ${summary.indexed} photo(s) in ${summary.seconds.toFixed(1)} s: ${summary.found} found, ` +
        `${summary.unchanged} unchanged, ${summary.failed} could not be read, ${summary.removed} removed.\n`,
    );
    if (summary.failed > 0) io.out('Run `lumen status --errors` to see which files and why.\n');
  }
  return 0;
}
