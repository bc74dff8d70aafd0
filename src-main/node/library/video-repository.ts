import type { EmbeddedVideo } from '../indexer/embed-worker/protocol';
import type { LibraryDb } from './library-db';
import { blobToFloat32, float32ToBlob } from './vector-blob';

export interface VideoFrameVector {
  photoId: number;
  timeMs: number;
  vector: Float32Array;
}

export interface VideoDetails {
  durationMs: number | null;
  rotation: number;
  codec: string | null;
  latitude: number | null;
  longitude: number | null;
  altitude: number | null;
  contentIdentifier: string | null;
}

/** What the container said about each video, and a vector per keyframe (see migration 6). */
export class VideoRepository {
  constructor(private readonly db: LibraryDb) {}

  /** Replaces the video's description and its frames for this tower. */
  putVideo(photoId: number, towerRowId: number, video: EmbeddedVideo): void {
    this.db
      .prepare<[number, number | null, number, string, number | null, number | null, number | null, string | null]>(
        `INSERT INTO videos (photo_id, duration_ms, rotation, codec, latitude, longitude, altitude, content_identifier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (photo_id) DO UPDATE SET duration_ms = excluded.duration_ms, rotation = excluded.rotation, codec = excluded.codec,
           latitude = excluded.latitude, longitude = excluded.longitude, altitude = excluded.altitude, content_identifier = excluded.content_identifier`,
      )
      .run(photoId, video.durationMs, video.rotation, video.codec, video.latitude, video.longitude, video.altitude, video.contentIdentifier);
    this.db.prepare<[number, number]>('DELETE FROM video_frames WHERE photo_id = ? AND tower_row_id = ?').run(photoId, towerRowId);
    const insert = this.db.prepare<[number, number, number, Buffer]>(
      'INSERT OR REPLACE INTO video_frames (photo_id, tower_row_id, time_ms, vector) VALUES (?, ?, ?, ?)',
    );
    for (const frame of video.frames) insert.run(photoId, towerRowId, frame.timeMs, float32ToBlob(frame.embedding));
  }

  /** A copy of a video (same content, another path) takes the source's description and frames. */
  copyVideo(fromPhotoId: number, toPhotoId: number): void {
    this.db
      .prepare<[number, number]>(
        `INSERT OR REPLACE INTO videos (photo_id, duration_ms, rotation, codec, latitude, longitude, altitude, content_identifier)
         SELECT ?, duration_ms, rotation, codec, latitude, longitude, altitude, content_identifier FROM videos WHERE photo_id = ?`,
      )
      .run(toPhotoId, fromPhotoId);
    this.db
      .prepare<[number, number]>(
        'INSERT OR REPLACE INTO video_frames (photo_id, tower_row_id, time_ms, vector) SELECT ?, tower_row_id, time_ms, vector FROM video_frames WHERE photo_id = ?',
      )
      .run(toPhotoId, fromPhotoId);
  }

  getVideo(photoId: number): VideoDetails | undefined {
    return this.db
      .prepare<[number], VideoDetails>(
        `SELECT duration_ms AS durationMs, rotation, codec, latitude, longitude, altitude, content_identifier AS contentIdentifier FROM videos WHERE photo_id = ?`,
      )
      .get(photoId);
  }

  /** Durations of these items that are videos (photos are left out). */
  durations(photoIds: readonly number[]): Map<number, number | null> {
    if (photoIds.length === 0) return new Map();
    const rows = this.db
      .prepare<[string], { photoId: number; durationMs: number | null }>(
        'SELECT photo_id AS photoId, duration_ms AS durationMs FROM videos WHERE photo_id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(photoIds));
    return new Map(rows.map((r) => [r.photoId, r.durationMs]));
  }

  countVideos(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM videos').pluck().get() ?? 0;
  }

  /** Every keyframe vector of the tower, a video at a time. */
  *iterateFrames(towerRowId: number): Generator<VideoFrameVector> {
    // Iterated, not loaded whole: a large collection's frames need not be in memory at once. Callers only read meanwhile.
    const rows = this.db
      .prepare<[number], { photoId: number; timeMs: number; vector: Buffer }>(
        'SELECT photo_id AS photoId, time_ms AS timeMs, vector FROM video_frames WHERE tower_row_id = ? ORDER BY photo_id, time_ms',
      )
      .iterate(towerRowId);
    for (const row of rows) yield { photoId: row.photoId, timeMs: row.timeMs, vector: blobToFloat32(row.vector) };
  }
}
