import type { Migration } from './migration';

/**
 * Remembers which vector backend's index mirrors `embeddings` for each tower. Only the backend in
 * use receives writes, so after a switch (`--vector-backend`) the other one is stale and is
 * rebuilt from `embeddings` when it is next opened.
 */
export const vectorIndexSync: Migration = {
  version: 2,
  name: 'vector-index-sync',
  up(connection) {
    connection.exec(`
      CREATE TABLE vector_index_sync (
        tower_row_id INTEGER PRIMARY KEY REFERENCES image_towers(id) ON DELETE CASCADE,
        backend TEXT NOT NULL CHECK (backend IN ('vss', 'vec')),
        synced_at TEXT NOT NULL
      );
    `);
  },
};
