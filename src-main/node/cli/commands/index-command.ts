import type { IndexSummary } from '../../../../src-common/contract';
import { FolderWatcher } from '../../indexer/folder-watcher';
import { IndexRunControl } from '../../indexer/run-control';
import type { LumenServices } from '../../lumen-services';
import { printable, UsageError, type CliIo } from '../cli-io';
import { progressBarLine } from '../progress-bar';

export interface IndexCommandOptions {
  json: boolean;
  watch: boolean;
  pollSeconds: number | undefined;
  retryErrors: boolean;
  refreshMetadata?: boolean;
}

function summaryText(summary: IndexSummary): string {
  const lines = [
    `Indexed ${summary.indexed} photo(s) in ${summary.seconds.toFixed(1)} s: ${summary.found} found, ` +
      `${summary.unchanged} unchanged, ${summary.reused} moved or duplicated (vectors reused), ` +
      `${summary.failed} could not be read, ${summary.removed} removed.${summary.cancelled ? ' Cancelled: run it again to finish.' : ''}`,
  ];
  for (const folder of summary.offline) lines.push(`Offline, photos kept: ${printable(folder)} (connect the drive or share and index again)`);
  if (summary.failed > 0) lines.push('Run `lumen status --errors` to see which files and why.');
  return `${lines.join('\n')}\n`;
}

/** Ctrl-C once: finish the batches in flight, save, and stop. A second Ctrl-C exits at once. */
function cancelOnInterrupt(control: IndexRunControl, io: CliIo): () => void {
  const onInterrupt = (): void => {
    if (control.isCancelled) process.exit(130);
    io.err('\nStopping after the photos in progress (Ctrl-C again to quit now)…\n');
    control.cancel();
  };
  process.on('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}

async function indexOnce(
  services: LumenServices,
  folders: readonly string[],
  options: IndexCommandOptions,
  io: CliIo,
  control: IndexRunControl,
): Promise<IndexSummary> {
  const live = io.interactive && !options.json;
  const summary = await services.indexer.indexFolders(folders, {
    control,
    retryErrors: options.retryErrors,
    refreshMetadata: options.refreshMetadata === true,
    ...(live ? { onProgress: (p) => io.err(progressBarLine(p)) } : {}),
  });
  if (live) io.err('\n');
  io.out(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
  return summary;
}

async function watchUntilInterrupted(
  services: LumenServices,
  folders: readonly string[],
  options: IndexCommandOptions,
  io: CliIo,
  control: IndexRunControl,
): Promise<void> {
  const watcher = FolderWatcher.start(services.indexer.resolveFolders(folders), {
    ...(options.pollSeconds !== undefined ? { pollIntervalMs: options.pollSeconds * 1000 } : {}),
    reindex: async (root) => {
      const summary = await services.indexer.indexFolders([root], { control });
      if (summary.indexed + summary.reused + summary.failed + summary.removed > 0 || summary.offline.length > 0) {
        io.out(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
      }
    },
    onError: (root, error) => io.err(`lumen: watching ${printable(root)}: ${printable((error as Error).message)}\n`),
  });
  if (!options.json)
    io.err(`Watching ${folders.length} folder(s) ${watcher.mode === 'poll' ? `every ${options.pollSeconds} s` : 'for changes'}; Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => control.onChange(() => control.isCancelled && resolve()));
  await watcher.close();
}

export async function runIndexCommand(services: LumenServices, folders: string[], options: IndexCommandOptions, io: CliIo): Promise<number> {
  if (folders.length === 0) throw new UsageError('lumen index needs at least one folder');
  const control = new IndexRunControl();
  const stopListening = cancelOnInterrupt(control, io);
  try {
    const summary = await indexOnce(services, folders, options, io, control);
    if (options.watch && !summary.cancelled) await watchUntilInterrupted(services, folders, options, io, control);
  } finally {
    stopListening();
  }
  return 0;
}
