import type { Migration } from './migration';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(connection) {
    connection.exec(`
      CREATE TABLE roots (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL,
        last_scan_at TEXT,
        online INTEGER NOT NULL DEFAULT 1 CHECK (online IN (0, 1))
      );

      CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        content_hash TEXT NOT NULL,
        width INTEGER,
        height INTEGER,
        format TEXT,
        taken_at TEXT,
        camera_make TEXT,
        camera_model TEXT,
        thumbnail TEXT,
        indexed_at TEXT NOT NULL
      );
      CREATE INDEX photos_by_content_hash ON photos(content_hash);
      CREATE INDEX photos_by_root ON photos(root_id);

      -- A file that could not be read, with the reason, so the next scan can skip it while unchanged.
      CREATE TABLE photo_errors (
        path TEXT PRIMARY KEY,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        reason TEXT NOT NULL,
        failed_at TEXT NOT NULL
      );
      CREATE INDEX photo_errors_by_root ON photo_errors(root_id);

      -- tower_id is the hash of the model's vision graph and preprocessing: vectors are only
      -- comparable within one tower, so they are keyed by it rather than by model name.
      CREATE TABLE image_towers (
        id INTEGER PRIMARY KEY,
        tower_id TEXT NOT NULL UNIQUE,
        model_name TEXT NOT NULL,
        dim INTEGER NOT NULL CHECK (dim > 0),
        created_at TEXT NOT NULL
      );

      -- The source of truth for vectors: raw float32 little-endian, as the model produced them.
      -- Vector indexes are derived from this table and can always be rebuilt from it.
      CREATE TABLE embeddings (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        tower_row_id INTEGER NOT NULL REFERENCES image_towers(id) ON DELETE CASCADE,
        vector BLOB NOT NULL,
        PRIMARY KEY (photo_id, tower_row_id)
      );
      CREATE INDEX embeddings_by_tower ON embeddings(tower_row_id, photo_id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
