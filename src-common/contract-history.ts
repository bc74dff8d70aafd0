/**
 * The part of the contract that keeps the window's history: the changes a person made (copies and
 * moves into categories, tag decisions, renames and deletions, library folders added or removed),
 * newest first, each with an undo. Plain data only; `LumenApi` (contract.ts) extends `HistoryApi`.
 */
import * as v from 'valibot';
import type { HistoryEntrySchema, HistoryKindSchema, HistoryUndoResultSchema } from './contract-results';
import type { Result } from './result';
import { integerIn, strict } from './schema-kit';

export type HistoryKind = v.InferOutput<typeof HistoryKindSchema>;
export type HistoryEntry = v.InferOutput<typeof HistoryEntrySchema>;
export type HistoryUndoResult = v.InferOutput<typeof HistoryUndoResultSchema>;

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
