import type { LibraryDb } from '../library/library-db';
import { returnedRow } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';
import { FileOperationLock } from './file-operation-lock';

export type FileAction = 'copy' | 'move';

export interface JournalBatch {
  id: number;
  action: FileAction;
  description: string;
  createdAt: string;
  undoneAt: string | null;
}

/**
 * Each step is written before it is taken:
 * `planned` (nothing touched yet) → `copied` (a cross-volume move's verified copy is in place, its
 * source is deleted next) → `done`; then `undoing` → `undone` (undone, rolled back after a crash,
 * or settled as something Lumen leaves alone).
 */
export type OperationStatus = 'planned' | 'copied' | 'done' | 'undoing' | 'undone';

export interface JournalOperation {
  id: number;
  batchId: number;
  source: string;
  destination: string;
  size: number;
  sha256: string;
  status: OperationStatus;
  /** Where undo puts a moved file back when its old name has been taken since; null: its old name. */
  restoredTo: string | null;
}

export interface UnfinishedOperation extends JournalOperation {
  action: FileAction;
}

const BATCH_COLUMNS = 'id, action, description, created_at AS createdAt, undone_at AS undoneAt';
const OPERATION_COLUMNS = 'id, batch_id AS batchId, source, destination, size, sha256, status, restored_to AS restoredTo';

/**
 * The record of every copy and move Lumen makes, step by step (see OperationStatus), so that a
 * crash at any moment leaves enough to finish or put back every file, and its lock: one process
 * at a time copies, moves or undoes for a library.
 */
export class FileJournal {
  readonly lock: FileOperationLock;

  constructor(private readonly db: LibraryDb) {
    this.lock = new FileOperationLock(db.dir);
  }

  /**
   * `alsoRecord` runs in the same transaction as the batch is written (the history's entry for it),
   * so a process killed at any moment leaves both or neither.
   */
  startBatch(action: FileAction, description: string, alsoRecord?: (batchId: number) => void): number {
    return this.db.transaction(() => {
      const batchId = returnedRow(
        this.db.prepare<[string, string], number>(`INSERT INTO file_batches (action, description, created_at) VALUES (?, ?, ${SQL_NOW}) RETURNING id`).pluck(),
        action,
        description,
      );
      alsoRecord?.(batchId);
      return batchId;
    });
  }

  plan(batchId: number, source: string, destination: string, size: number, sha256: string): number {
    return returnedRow(
      this.db
        .prepare<[number, string, string, number, string], number>(
          "INSERT INTO file_operations (batch_id, source, destination, size, sha256, status) VALUES (?, ?, ?, ?, ?, 'planned') RETURNING id",
        )
        .pluck(),
      batchId,
      source,
      destination,
      size,
      sha256,
    );
  }

  setStatus(operationId: number, status: OperationStatus): void {
    this.db.prepare<[string, number]>('UPDATE file_operations SET status = ? WHERE id = ?').run(status, operationId);
  }

  setRestoredTo(operationId: number, path: string): void {
    this.db.prepare<[string, number]>('UPDATE file_operations SET restored_to = ? WHERE id = ?').run(path, operationId);
  }

  /** The newest batch not yet undone. */
  lastOpenBatch(): JournalBatch | undefined {
    return this.db.prepare<[], JournalBatch>(`SELECT ${BATCH_COLUMNS} FROM file_batches WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1`).get();
  }

  getBatch(batchId: number): JournalBatch | undefined {
    return this.db.prepare<[number], JournalBatch>(`SELECT ${BATCH_COLUMNS} FROM file_batches WHERE id = ?`).get(batchId);
  }

  operations(batchId: number): JournalOperation[] {
    return this.db.prepare<[number], JournalOperation>(`SELECT ${OPERATION_COLUMNS} FROM file_operations WHERE batch_id = ? ORDER BY id`).all(batchId);
  }

  operation(operationId: number): JournalOperation | undefined {
    return this.db.prepare<[number], JournalOperation>(`SELECT ${OPERATION_COLUMNS} FROM file_operations WHERE id = ?`).get(operationId);
  }

  /** Operations a killed run left between steps, newest first. */
  unfinishedOperations(): UnfinishedOperation[] {
    return this.db
      .prepare<[], UnfinishedOperation>(
        `SELECT o.id, o.batch_id AS batchId, o.source, o.destination, o.size, o.sha256, o.status, o.restored_to AS restoredTo, b.action
         FROM file_operations o JOIN file_batches b ON b.id = o.batch_id
         WHERE o.status IN ('planned', 'copied', 'undoing') ORDER BY o.id DESC`,
      )
      .all();
  }

  markBatchUndone(batchId: number): void {
    this.db.prepare<[number]>(`UPDATE file_batches SET undone_at = ${SQL_NOW} WHERE id = ?`).run(batchId);
  }

  /** Closes open batches none of whose files is still copied or moved (all rolled back after a crash, or none begun). */
  closeBatchesWithNothingDone(): void {
    this.db
      .prepare(
        `UPDATE file_batches SET undone_at = ${SQL_NOW}
         WHERE undone_at IS NULL AND NOT EXISTS (SELECT 1 FROM file_operations WHERE batch_id = file_batches.id AND status <> 'undone')`,
      )
      .run();
  }
}
