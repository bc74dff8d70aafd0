import { returnedRow, type LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';

export type FileAction = 'copy' | 'move';

export interface JournalBatch {
  id: number;
  action: FileAction;
  description: string;
  createdAt: string;
  undoneAt: string | null;
}

export interface JournalOperation {
  id: number;
  batchId: number;
  source: string;
  destination: string;
  size: number;
  sha256: string;
  status: 'planned' | 'done' | 'undone';
}

const BATCH_COLUMNS = 'id, action, description, created_at AS createdAt, undone_at AS undoneAt';
const OPERATION_COLUMNS = 'id, batch_id AS batchId, source, destination, size, sha256, status';

/**
 * The record of every copy and move Lumen makes. An operation is written as `planned` before the
 * file is touched and marked `done` after the result is verified, so even a crash mid-batch leaves
 * enough to put every file back.
 */
export class FileJournal {
  constructor(private readonly db: LibraryDb) {}

  startBatch(action: FileAction, description: string): number {
    return returnedRow(
      this.db
        .prepare<[string, string], number>(`INSERT INTO file_batches (action, description, created_at) VALUES (?, ?, ${SQL_NOW}) RETURNING id`)
        .pluck(),
      action, description,
    );
  }

  plan(batchId: number, source: string, destination: string, size: number, sha256: string): number {
    return returnedRow(
      this.db
        .prepare<[number, string, string, number, string], number>(
          "INSERT INTO file_operations (batch_id, source, destination, size, sha256, status) VALUES (?, ?, ?, ?, ?, 'planned') RETURNING id",
        )
        .pluck(),
      batchId, source, destination, size, sha256,
    );
  }

  setStatus(operationId: number, status: JournalOperation['status']): void {
    this.db.prepare<[string, number]>('UPDATE file_operations SET status = ? WHERE id = ?').run(status, operationId);
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

  markBatchUndone(batchId: number): void {
    this.db.prepare<[number]>(`UPDATE file_batches SET undone_at = ${SQL_NOW} WHERE id = ?`).run(batchId);
  }
}
