import type { Migration } from './migration';

/**
 * Search filters, tags, classification categories and the file-operation journal.
 *
 * `photo_text` is an FTS5 index over each photo's path (folder and file names: the unicode61
 * tokenizer splits on `/`, `.`, `-`, `_`) and its accepted tags, kept in step by triggers so that
 * no code path that writes photos or tags can forget it.
 */
export const searchTagsClassify: Migration = {
  version: 3,
  name: 'search-tags-classify',
  up(connection) {
    connection.exec(`
      -- Filters on these columns narrow a search before any vector is read.
      CREATE INDEX photos_by_taken_at ON photos(taken_at);
      CREATE INDEX photos_by_format ON photos(format);

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        -- JSON array of extra descriptions ("sand and sea"); the name itself is always one.
        descriptions TEXT NOT NULL DEFAULT '[]',
        -- Probability a suggestion needs; NULL means the library default.
        threshold REAL CHECK (threshold IS NULL OR (threshold > 0 AND threshold < 1)),
        created_at TEXT NOT NULL
      );

      -- state: 'accepted' (the photo has the tag), 'rejected' (a person said no),
      -- 'suggested' (auto-tag thinks so, awaiting review). source: 'manual' or 'auto'.
      CREATE TABLE photo_tags (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('accepted', 'rejected', 'suggested')),
        source TEXT NOT NULL CHECK (source IN ('manual', 'auto')),
        confidence REAL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (photo_id, tag_id)
      );
      CREATE INDEX photo_tags_by_tag ON photo_tags(tag_id, state);

      CREATE VIRTUAL TABLE photo_text USING fts5(path, tags, tokenize = 'unicode61 remove_diacritics 2');

      CREATE TRIGGER photo_text_insert AFTER INSERT ON photos BEGIN
        INSERT INTO photo_text (rowid, path, tags) VALUES (new.id, new.path, '');
      END;
      CREATE TRIGGER photo_text_move AFTER UPDATE OF path ON photos BEGIN
        UPDATE photo_text SET path = new.path WHERE rowid = new.id;
      END;
      CREATE TRIGGER photo_text_delete AFTER DELETE ON photos BEGIN
        DELETE FROM photo_text WHERE rowid = old.id;
      END;

      CREATE VIEW photo_tag_text AS
        SELECT photos.id AS photo_id,
               coalesce((SELECT group_concat(tags.name, ' ') FROM photo_tags JOIN tags ON tags.id = photo_tags.tag_id
                         WHERE photo_tags.photo_id = photos.id AND photo_tags.state = 'accepted'), '') AS text
        FROM photos;

      CREATE TRIGGER photo_text_tag_insert AFTER INSERT ON photo_tags BEGIN
        UPDATE photo_text SET tags = (SELECT text FROM photo_tag_text WHERE photo_id = new.photo_id) WHERE rowid = new.photo_id;
      END;
      CREATE TRIGGER photo_text_tag_update AFTER UPDATE ON photo_tags BEGIN
        UPDATE photo_text SET tags = (SELECT text FROM photo_tag_text WHERE photo_id = new.photo_id) WHERE rowid = new.photo_id;
      END;
      CREATE TRIGGER photo_text_tag_delete AFTER DELETE ON photo_tags BEGIN
        UPDATE photo_text SET tags = (SELECT text FROM photo_tag_text WHERE photo_id = old.photo_id) WHERE rowid = old.photo_id;
      END;
      CREATE TRIGGER photo_text_tag_rename AFTER UPDATE OF name ON tags BEGIN
        UPDATE photo_text SET tags = (SELECT text FROM photo_tag_text WHERE photo_id = photo_text.rowid)
        WHERE rowid IN (SELECT photo_id FROM photo_tags WHERE tag_id = new.id);
      END;

      INSERT INTO photo_text (rowid, path, tags) SELECT id, path, '' FROM photos;

      -- A category set is what "lumen classify --into <set>" names; each category has a folder to
      -- copy or move photos into, descriptions for the text tower, and example vectors.
      CREATE TABLE category_sets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        -- Below this probability the answer is "unsure".
        unsure_below REAL NOT NULL DEFAULT 0.5 CHECK (unsure_below >= 0 AND unsure_below < 1),
        created_at TEXT NOT NULL
      );
      CREATE TABLE categories (
        id INTEGER PRIMARY KEY,
        set_id INTEGER NOT NULL REFERENCES category_sets(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        descriptions TEXT NOT NULL DEFAULT '[]',
        folder TEXT,
        UNIQUE (set_id, name)
      );
      -- Example photos need not be in the library, so their vectors are kept here, per image tower.
      CREATE TABLE category_examples (
        id INTEGER PRIMARY KEY,
        category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
        tower_row_id INTEGER NOT NULL REFERENCES image_towers(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        vector BLOB NOT NULL,
        UNIQUE (category_id, tower_row_id, source)
      );

      -- Every copy or move Lumen makes, so that "lumen undo" can put things back.
      CREATE TABLE file_batches (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('copy', 'move')),
        description TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone_at TEXT
      );
      CREATE TABLE file_operations (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES file_batches(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        destination TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        -- 'planned' is written before the file is touched, 'done' after: a crash leaves a trail.
        status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'undone')),
        UNIQUE (batch_id, destination)
      );
    `);
  },
};
