import { resolve } from 'node:path';
import { isInside } from '../../library/path-inside';
import type { CancellationToken } from '../../../../src-common/cancellation';
import type { IndexSummary } from '../../../../src-common/contract';
import { describeCaught } from '../../../../src-common/result';
import { FolderWatcher } from '../../indexer/folder-watcher';
import type { CliApi } from '../cli-api';
import { printable, UsageError, type CliIo } from '../cli-io';
import { cancelOnInterrupt } from '../interrupt';
import { demoModelNotice } from '../demo-model-notice';
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

async function indexOnce(api: CliApi, folders: readonly string[], options: IndexCommandOptions, io: CliIo, token: CancellationToken): Promise<IndexSummary> {
  const live = io.interactive && !options.json;
  const stopListening = live ? api.events.listen('indexProgress', (state) => state.progress && io.err(progressBarLine(state.progress))) : () => {};
  const summary = await api
    .own('indexFolders', { folders, retryErrors: options.retryErrors, refreshMetadata: options.refreshMetadata === true }, token)
    .finally(stopListening);
  if (live) io.err('\n');
  // A folder inside a library folder was looked through as part of it (the indexer never adds it as a second one).
  for (const folder of folders.filter((asked) => !summary.roots.includes(asked))) {
    const around = summary.roots.find((root) => isInside(root, folder));
    if (around !== undefined) io.err(`note: ${printable(folder)} is inside the library folder ${printable(around)}, so that folder was looked through.\n`);
  }
  io.out(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
  return summary;
}

async function watchUntilInterrupted(
  api: CliApi,
  folders: readonly string[],
  options: IndexCommandOptions,
  io: CliIo,
  token: CancellationToken,
): Promise<void> {
  const watcher = FolderWatcher.start(folders, {
    ...(options.pollSeconds !== undefined ? { pollIntervalMs: options.pollSeconds * 1000 } : {}),
    reindex: async (root) => {
      const summary = await api.own('indexFolders', { folders: [root] }, token);
      if (summary.indexed + summary.reused + summary.failed + summary.removed > 0 || summary.offline.length > 0) {
        io.out(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
      }
    },
    onError: (root, error) => io.err(`lumen: watching ${printable(root)}: ${printable(describeCaught(error).message)}\n`),
  });
  if (!options.json)
    io.err(`Watching ${folders.length} folder(s) ${watcher.mode === 'poll' ? `every ${options.pollSeconds} s` : 'for changes'}; Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => token.onCancellationRequested(resolve));
  await watcher.close();
}

/** `lumen index <folder…> [--watch]`: a foreground run through the CLI's dispatcher; Ctrl-C once saves what is in flight and stops. */
export async function runIndexCommand(api: CliApi, folders: string[], options: IndexCommandOptions, io: CliIo): Promise<number> {
  if (folders.length === 0) throw new UsageError('lumen index needs at least one folder');
  const absolute = folders.map((folder) => resolve(folder));
  // Said before the run, on stderr: --json output stays the summary alone.
  for (const line of await demoModelNotice(api)) io.err(`note: ${line}\n`);
  const interrupt = cancelOnInterrupt(io, 'Stopping after the photos in progress');
  try {
    const summary = await indexOnce(api, absolute, options, io, interrupt.token);
    if (options.watch && !summary.cancelled) await watchUntilInterrupted(api, absolute, options, io, interrupt.token);
  } finally {
    interrupt.dispose();
  }
  return 0;
}
