import type { Migration } from './migration';

/**
 * Videos: a video is one row of `photos` (its format says which container) with the mean of its
 * frames' vectors in `embeddings`, so that everything built on one vector per item (the vector
 * index, more-like-this, classify, duplicates) takes it as it is. `video_frames` keeps a vector per
 * keyframe with its moment, for search to rank a video by its best frame and name that moment;
 * `videos` keeps what the container says that photos have no column for.
 */
export const videos: Migration = {
  version: 6,
  name: 'videos',
  up(connection) {
    connection.exec(`
      CREATE TABLE videos (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        duration_ms INTEGER,
        rotation INTEGER NOT NULL DEFAULT 0,
        codec TEXT,
        latitude REAL,
        longitude REAL,
        altitude REAL,
        content_identifier TEXT
      );

      CREATE TABLE video_frames (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        tower_row_id INTEGER NOT NULL REFERENCES image_towers(id) ON DELETE CASCADE,
        time_ms INTEGER NOT NULL CHECK (time_ms >= 0),
        vector BLOB NOT NULL,
        PRIMARY KEY (photo_id, tower_row_id, time_ms)
      );
      CREATE INDEX video_frames_by_tower ON video_frames(tower_row_id, photo_id);
    `);
  },
};
