import type { Migration } from './migration';

/**
 * Crash-safe copies and moves: each file operation records the step it is at, written before the
 * step is taken, so that a run killed half way can be finished or rolled back file by file.
 *
 * - `copied`: a cross-volume move whose verified copy is in place; the source is deleted next.
 * - `undoing`: undo (or the clean-up after a killed run) has started on this file.
 * - `restored_to`: where undo puts a moved file back when its old name is taken by another file,
 *   chosen once and kept, so an undo killed and run again does not pick a second name.
 *
 * SQLite cannot widen a CHECK constraint in place, so the table is copied into its new shape.
 */
export const fileOperationSteps: Migration = {
  version: 4,
  name: 'file-operation-steps',
  up(connection) {
    connection.exec(`
      CREATE TABLE file_operations_with_steps (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES file_batches(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        destination TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'copied', 'done', 'undoing', 'undone')),
        restored_to TEXT,
        UNIQUE (batch_id, destination)
      );
      INSERT INTO file_operations_with_steps (id, batch_id, source, destination, size, sha256, status)
        SELECT id, batch_id, source, destination, size, sha256, status FROM file_operations;
      DROP TABLE file_operations;
      ALTER TABLE file_operations_with_steps RENAME TO file_operations;
      -- Operations a killed run left half done: found at the start of every copy, move and undo.
      CREATE INDEX file_operations_unfinished ON file_operations(status) WHERE status IN ('planned', 'copied', 'undoing');
    `);
  },
};
