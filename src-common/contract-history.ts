/**
 * The part of the contract that keeps the window's history: the changes a person made (copies and
 * moves into categories, tag decisions, renames and deletions, library folders added or removed),
 * newest first, each with an undo. Plain data only; `LumenApi` (contract.ts) extends `HistoryApi`.
 */
import * as v from 'valibot';
import type { UndoResponse } from './contract';
import type { Result } from './result';
import { integerIn, strict } from './schema-kit';

export type HistoryKind = 'copy' | 'move' | 'tag-decision' | 'tag-rename' | 'tag-delete' | 'folder-add' | 'folder-remove';

export interface HistoryEntry {
  id: number;
  kind: HistoryKind;
  /** What was done, as one sentence ("Moved 3 photos into “Beach”."). */
  description: string;
  /** When, ISO-8601 UTC. */
  at: string;
  /** When it was undone; null while it stands. */
  undoneAt: string | null;
  /** Why it can no longer be undone (a file changed since, the tag was deleted since); absent when it can, or once undone. */
  cannotUndo?: string;
  /** For a copy or move: the batch of files it made (the `batchId` classifyFiles or fileIntoCategory answered), so a window can undo its own batches. */
  batchId?: number;
}

export interface HistoryUndoResult {
  /** The entry, now undone. */
  entry: HistoryEntry;
  /** What was undone, in plain words, for a toast ("Put 3 photos back where they were."). */
  sentence: string;
  /** For a copy or move: the files put back, and those left alone because undoing them could lose something. */
  files?: UndoResponse;
}

/** What history holds at most; older entries are forgotten. */
export const HISTORY_LENGTH = 200;

export const HistoryUndoRequestSchema = strict('undoHistoryEntry', 'undoHistoryEntry expects an object { id? }', {
  /** The entry to undo; absent: the newest one that can still be undone. */
  id: v.optional(v.custom<number>((value) => integerIn(value, 1, Number.MAX_SAFE_INTEGER), 'id must be a positive integer')),
});
export type HistoryUndoRequest = v.InferOutput<typeof HistoryUndoRequestSchema>;

export interface HistoryApi {
  /** Recent changes, newest first. */
  listHistory(): Promise<Result<HistoryEntry[]>>;
  /** Undoes one entry (or, without an id, the newest that can be undone). */
  undoHistoryEntry(request: HistoryUndoRequest): Promise<Result<HistoryUndoResult>>;
}

export const HISTORY_METHODS = { listHistory: true, undoHistoryEntry: true } as const satisfies Record<keyof HistoryApi, true>;
