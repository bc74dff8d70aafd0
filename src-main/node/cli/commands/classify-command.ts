import { resolve } from 'node:path';
import { checkedName, type CliApi } from '../cli-api';
import { cancelOnInterrupt } from '../interrupt';
import { UsageError, type CliIo } from '../cli-io';
import type { CommandOptionValues } from '../command-options';

/** Checks the command line alone, so bad arguments fail before the library opens. */
export function checkClassifyArguments(files: string[], options: CommandOptionValues): void {
  if (!options.into) throw new UsageError('classify needs --into <category set> (see `lumen category list`)');
  checkedName(options.into, 'into');
  if (files.length === 0) throw new UsageError('classify needs at least one photo file');
  if (options.move && options.copy) throw new UsageError('choose one of --move and --copy');
  if (options['dry-run'] && !options.move && !options.copy) throw new UsageError('--dry-run goes with --move or --copy');
}

/** `lumen classify <files…> --into <set> [--move|--copy] [--dry-run]`, through the CLI's dispatcher; Ctrl-C stops it before anything is filed. */
export async function runClassifyCommand(api: CliApi, files: string[], json: boolean, io: CliIo, options: CommandOptionValues): Promise<number> {
  checkClassifyArguments(files, options);
  const into = options.into ?? '';
  const action = options.move ? 'move' : options.copy ? 'copy' : undefined;
  const request = { into, files: files.map((file) => resolve(file)), ...(action ? { action } : {}), ...(options['dry-run'] ? { dryRun: true } : {}) };
  const interrupt = cancelOnInterrupt(io, 'Stopping before any photo is copied or moved');
  const response = await api.own('classifyFiles', request, interrupt.token).finally(() => interrupt.dispose());
  if (json) {
    io.out(`${JSON.stringify(response, null, 2)}\n`);
    return response.photos.some((p) => p.error) ? 1 : 0;
  }
  for (const photo of response.photos) {
    if (photo.error) {
      io.err(`lumen: ${photo.path}: ${photo.error}\n`);
      continue;
    }
    const top = photo.ranked
      .slice(0, 3)
      .map((r) => `${r.category} ${(r.probability * 100).toFixed(0)}%`)
      .join(', ');
    const where = photo.destination ? `  ${response.dryRun ? 'would ' : ''}${response.action} → ${photo.destination}` : photo.note ? `  (${photo.note})` : '';
    io.out(`${photo.outcome.padEnd(12)} ${photo.path}  (${top})${where}\n`);
  }
  if (response.batchId !== null) io.out('Undo with `lumen undo`.\n');
  return response.photos.some((p) => p.error) ? 1 : 0;
}
