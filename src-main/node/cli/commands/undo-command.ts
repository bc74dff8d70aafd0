import type { HistoryEntry, HistoryUndoResult } from '../../../../src-common/contract-history';
import type { CliApi } from '../cli-api';
import { printable, UsageError, type CliIo } from '../cli-io';

/** `lumen undo [id]`: undoes the newest change not undone yet (or the history entry `id`): a copy or move, a tag change, a folder added or removed, stars or favourites given, a category edited. */
export async function runUndoCommand(api: CliApi, args: readonly string[], json: boolean, io: CliIo): Promise<number> {
  if (args.length > 1 || (args[0] !== undefined && !/^[1-9]\d{0,14}$/.test(args[0]))) {
    throw new UsageError('usage: lumen undo [id] (the ids are listed by `lumen history`)');
  }
  const response: HistoryUndoResult = await api('undoHistoryEntry', args[0] === undefined ? {} : { id: Number(args[0]) });
  if (json) {
    io.out(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  }
  io.out(undoneText(response));
  return 0;
}

/** What `lumen undo` prints: the entry, its sentence and each file put back or kept (names escaped: a file name may hold terminal controls). */
export function undoneText(response: HistoryUndoResult): string {
  let text = `Undid: ${printable(response.entry.description)}\n${printable(response.sentence)}\n`;
  const files = response.files;
  if (files) {
    for (const { from, to } of files.restored) text += to ? `  ${printable(from)} → ${printable(to)}\n` : `  removed copy ${printable(from)}\n`;
    if (files.restored.length === 0 && files.kept.length === 0) text += '  nothing of it was left to put back\n';
    for (const { path, reason } of files.kept) text += `  kept ${printable(path)}: ${printable(reason)}\n`;
  }
  return text;
}

function historyLine(entry: HistoryEntry): string {
  const state = entry.undoneAt ? '  (undone)' : entry.cannotUndo ? `  (cannot be undone: ${entry.cannotUndo})` : '';
  return `${String(entry.id).padStart(5)}  ${entry.at.slice(0, 16).replace('T', ' ')}  ${printable(entry.description)}${printable(state)}\n`;
}

/** `lumen history`: the changes recorded for undo, newest first. */
export async function runHistoryCommand(api: CliApi, json: boolean, io: CliIo): Promise<number> {
  const entries = await api('listHistory');
  if (json) io.out(`${JSON.stringify({ entries }, null, 2)}\n`);
  else
    io.out(
      entries.length
        ? entries.map(historyLine).join('')
        : 'Nothing to undo yet: copies, moves, tag changes, folders added or removed, and stars, favourites and turns given to photos appear here.\n',
    );
  return 0;
}
