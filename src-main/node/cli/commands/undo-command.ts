import type { CliApi } from '../cli-api';
import type { CliIo } from '../cli-io';

/** `lumen undo`: puts back the files of the last copy or move. */
export async function runUndoCommand(api: CliApi, json: boolean, io: CliIo): Promise<number> {
  const response = await api('undoLast');
  if (json) {
    io.out(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  }
  io.out(`Undid: ${response.description}\n`);
  for (const { from, to } of response.restored) io.out(to ? `  ${from} → ${to}\n` : `  removed copy ${from}\n`);
  if (response.restored.length === 0 && response.kept.length === 0) io.out('  nothing of it was left to put back\n');
  for (const { path, reason } of response.kept) io.out(`  kept ${path}: ${reason}\n`);
  return 0;
}
