import { returnedRow, type LibraryDb } from './library-db';
import { SQL_NOW } from './sql-now';

export interface RootRecord {
  id: number;
  path: string;
  addedAt: string;
  lastScanAt: string | null;
  /** False while the folder cannot be reached (unplugged drive); its photos stay in the library. */
  online: boolean;
}

export interface PhotoInput {
  rootId: number;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  width: number | null;
  height: number | null;
  format: string | null;
  /** ISO-8601 text, or null when the file does not say. */
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** Relative to the library folder. */
  thumbnail: string | null;
}

export interface PhotoRecord extends PhotoInput {
  id: number;
  indexedAt: string;
}

export interface PhotoErrorInput {
  path: string;
  rootId: number;
  size: number;
  mtimeMs: number;
  reason: string;
}

export interface PhotoErrorRecord extends PhotoErrorInput {
  failedAt: string;
}

interface RootRow extends Omit<RootRecord, 'online'> {
  online: number;
}

// Qualified, because getPhotos joins json_each, which has its own `id` and `path` columns.
const PHOTO_COLUMNS = `photos.id AS id, photos.root_id AS rootId, photos.path AS path, photos.size AS size,
  photos.mtime_ms AS mtimeMs, photos.content_hash AS contentHash, photos.width AS width, photos.height AS height,
  photos.format AS format, photos.taken_at AS takenAt, photos.camera_make AS cameraMake,
  photos.camera_model AS cameraModel, photos.thumbnail AS thumbnail, photos.indexed_at AS indexedAt`;
const ROOT_COLUMNS = 'id, path, added_at AS addedAt, last_scan_at AS lastScanAt, online';
const ERROR_COLUMNS = 'path, root_id AS rootId, size, mtime_ms AS mtimeMs, reason, failed_at AS failedAt';

/** Folders, the photos found in them, and the files that could not be read. */
export class PhotoRepository {
  constructor(private readonly db: LibraryDb) {}

  /** Adds the folder (or finds it again) and returns its id; a folder being indexed is online. */
  upsertRoot(path: string): number {
    return returnedRow(
      this.db
        .prepare<[string], number>(
          `INSERT INTO roots (path, added_at) VALUES (?, ${SQL_NOW})
           ON CONFLICT (path) DO UPDATE SET online = 1 RETURNING id`,
        )
        .pluck(),
      path,
    );
  }

  listRoots(): RootRecord[] {
    return this.db
      .prepare<[], RootRow>(`SELECT ${ROOT_COLUMNS} FROM roots ORDER BY path`)
      .all()
      .map((row) => ({ ...row, online: row.online === 1 }));
  }

  markRootScanned(rootId: number): void {
    this.db.prepare<[number]>(`UPDATE roots SET last_scan_at = ${SQL_NOW}, online = 1 WHERE id = ?`).run(rootId);
  }

  setRootOnline(rootId: number, online: boolean): void {
    this.db.prepare<[number, number]>('UPDATE roots SET online = ? WHERE id = ?').run(online ? 1 : 0, rootId);
  }

  getPhotoByPath(path: string): PhotoRecord | undefined {
    return this.db.prepare<[string], PhotoRecord>(`SELECT ${PHOTO_COLUMNS} FROM photos WHERE path = ?`).get(path);
  }

  /** Inserts the photo or, when its path is known, replaces what was recorded about it; returns its id. */
  upsertPhoto(photo: PhotoInput): number {
    return returnedRow(
      this.db
        .prepare<[PhotoInput], number>(
          `INSERT INTO photos (root_id, path, size, mtime_ms, content_hash, width, height, format, taken_at,
                               camera_make, camera_model, thumbnail, indexed_at)
           VALUES (@rootId, @path, @size, @mtimeMs, @contentHash, @width, @height, @format, @takenAt,
                   @cameraMake, @cameraModel, @thumbnail, ${SQL_NOW})
           ON CONFLICT (path) DO UPDATE SET
             root_id = excluded.root_id, size = excluded.size, mtime_ms = excluded.mtime_ms,
             content_hash = excluded.content_hash, width = excluded.width, height = excluded.height,
             format = excluded.format, taken_at = excluded.taken_at, camera_make = excluded.camera_make,
             camera_model = excluded.camera_model, thumbnail = excluded.thumbnail, indexed_at = excluded.indexed_at
           RETURNING id`,
        )
        .pluck(),
      photo,
    );
  }

  /** The photos with these ids, in the order asked for; unknown ids are left out. */
  getPhotos(ids: readonly number[]): PhotoRecord[] {
    if (ids.length === 0) return [];
    // One statement for any number of ids: the list travels as a JSON array instead of N placeholders.
    return this.db
      .prepare<[string], PhotoRecord>(
        `SELECT ${PHOTO_COLUMNS}
         FROM json_each(?) AS wanted JOIN photos ON photos.id = wanted.value ORDER BY wanted.key`,
      )
      .all(JSON.stringify(ids));
  }

  countPhotos(rootId?: number): number {
    if (rootId === undefined) return this.db.prepare<[], number>('SELECT count(*) FROM photos').pluck().get() as number;
    return this.db.prepare<[number], number>('SELECT count(*) FROM photos WHERE root_id = ?').pluck().get(rootId) as number;
  }

  listPhotoPathsInRoot(rootId: number): Array<{ id: number; path: string }> {
    return this.db.prepare<[number], { id: number; path: string }>('SELECT id, path FROM photos WHERE root_id = ?').all(rootId);
  }

  /** Removes the photo and, by cascade, its embeddings. Vector indexes are the caller's to update. */
  deletePhoto(photoId: number): void {
    this.db.prepare<[number]>('DELETE FROM photos WHERE id = ?').run(photoId);
  }

  recordError(failure: PhotoErrorInput): void {
    this.db
      .prepare<[PhotoErrorInput]>(
        `INSERT INTO photo_errors (path, root_id, size, mtime_ms, reason, failed_at)
         VALUES (@path, @rootId, @size, @mtimeMs, @reason, ${SQL_NOW})
         ON CONFLICT (path) DO UPDATE SET root_id = excluded.root_id, size = excluded.size,
           mtime_ms = excluded.mtime_ms, reason = excluded.reason, failed_at = excluded.failed_at`,
      )
      .run(failure);
  }

  getError(path: string): PhotoErrorRecord | undefined {
    return this.db.prepare<[string], PhotoErrorRecord>(`SELECT ${ERROR_COLUMNS} FROM photo_errors WHERE path = ?`).get(path);
  }

  clearError(path: string): void {
    this.db.prepare<[string]>('DELETE FROM photo_errors WHERE path = ?').run(path);
  }

  listErrors(): PhotoErrorRecord[] {
    return this.db.prepare<[], PhotoErrorRecord>(`SELECT ${ERROR_COLUMNS} FROM photo_errors ORDER BY path`).all();
  }

  countErrors(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM photo_errors').pluck().get() as number;
  }
}
