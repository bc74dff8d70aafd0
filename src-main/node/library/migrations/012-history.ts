import type { Migration } from './migration';

/**
 * The window's history: each change a person makes (copies and moves, tag decisions, renames and
 * deletions, library folders added or removed), with what is needed to take it back (`payload`,
 * JSON), so that undo survives a reload. Kept short: the newest entries only (history-journal.ts).
 */
export const history: Migration = {
  version: 12,
  name: 'history',
  up(connection) {
    connection.exec(`
      CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        description TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone_at TEXT
      );
    `);
  },
};
