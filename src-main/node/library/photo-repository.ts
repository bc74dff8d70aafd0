import { returnedRow, type LibraryDb } from './library-db';
import { SQL_NOW } from './sql-now';
import type { TakenAtSource } from '../photos/metadata/photo-facts';

export interface RootRecord {
  id: number;
  path: string;
  addedAt: string;
  lastScanAt: string | null;
  /** False while the folder cannot be reached (unplugged drive); its photos stay in the library. */
  online: boolean;
}

export interface PhotoInput extends Partial<PhotoPlaceFields> {
  rootId: number;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  width: number | null;
  height: number | null;
  format: string | null;
  /** ISO-8601 text (a bare date when only that is known), or null for a photo indexed before dates fell back. */
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** Relative to the library folder. */
  thumbnail: string | null;
}

/** Where and when beyond EXIF's date (migration 7); left out, each is null. */
export interface PhotoPlaceFields {
  /** Where takenAt came from ('file-time' is an estimate); null when takenAt is. */
  takenAtSource: TakenAtSource | null;
  /** The zone of takenAt ("+01:00"), or null when unknown. */
  timeOffset: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Metres above sea level. */
  altitude: number | null;
  /** Nearest town from the bundled gazetteer, its country's English name and ISO code. */
  placeCity: string | null;
  /** The town's state, province or region (GeoNames' first-level division), where the gazetteer names one. */
  placeRegion: string | null;
  placeCountry: string | null;
  placeCountryCode: string | null;
  /** Apple's content identifier of a Live Photo's still, from its maker notes (migration 11); pairs it with its video. */
  contentIdentifier: string | null;
}

export type PhotoRecord = PhotoInput &
  PhotoPlaceFields & {
    id: number;
    indexedAt: string;
    /** METADATA_VERSION when this Lumen read the photo's metadata; lower for photos indexed before. */
    metadataVersion: number;
  };

const NO_PLACE_FIELDS: PhotoPlaceFields = {
  takenAtSource: null,
  timeOffset: null,
  latitude: null,
  longitude: null,
  altitude: null,
  placeCity: null,
  placeRegion: null,
  placeCountry: null,
  placeCountryCode: null,
  contentIdentifier: null,
};

/**
 * Raised when the metadata reader learns something new, so existing photos can be read again (lumen index --refresh-metadata):
 * 1 GPS, zone, date fallbacks and places; 2 Apple's content identifier of a still; 3 the place's region.
 */
export const METADATA_VERSION = 3;

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
  photos.format AS format, photos.taken_at AS takenAt, photos.taken_at_source AS takenAtSource,
  photos.time_offset AS timeOffset, photos.latitude AS latitude, photos.longitude AS longitude, photos.altitude AS altitude,
  photos.place_city AS placeCity, photos.place_region AS placeRegion, photos.place_country AS placeCountry, photos.place_country_code AS placeCountryCode, photos.content_identifier AS contentIdentifier,
  photos.camera_make AS cameraMake, photos.camera_model AS cameraModel, photos.thumbnail AS thumbnail,
  photos.indexed_at AS indexedAt, photos.metadata_version AS metadataVersion`;
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
        .prepare<[PhotoInput & PhotoPlaceFields], number>(
          `INSERT INTO photos (root_id, path, size, mtime_ms, content_hash, width, height, format, taken_at,
                               taken_at_source, time_offset, latitude, longitude, altitude, place_city, place_region, place_country,
                               place_country_code, content_identifier, camera_make, camera_model, thumbnail, indexed_at, metadata_version)
           VALUES (@rootId, @path, @size, @mtimeMs, @contentHash, @width, @height, @format, @takenAt,
                   @takenAtSource, @timeOffset, @latitude, @longitude, @altitude, @placeCity, @placeRegion, @placeCountry,
                   @placeCountryCode, @contentIdentifier, @cameraMake, @cameraModel, @thumbnail, ${SQL_NOW}, ${METADATA_VERSION})
           ON CONFLICT (path) DO UPDATE SET
             root_id = excluded.root_id, size = excluded.size, mtime_ms = excluded.mtime_ms,
             content_hash = excluded.content_hash, width = excluded.width, height = excluded.height,
             format = excluded.format, taken_at = excluded.taken_at, taken_at_source = excluded.taken_at_source,
             time_offset = excluded.time_offset, latitude = excluded.latitude, longitude = excluded.longitude,
             altitude = excluded.altitude, place_city = excluded.place_city, place_region = excluded.place_region, place_country = excluded.place_country,
             place_country_code = excluded.place_country_code, content_identifier = excluded.content_identifier, camera_make = excluded.camera_make,
             camera_model = excluded.camera_model, thumbnail = excluded.thumbnail, indexed_at = excluded.indexed_at,
             metadata_version = excluded.metadata_version
           RETURNING id`,
        )
        .pluck(),
      { ...NO_PLACE_FIELDS, ...photo, takenAtSource: photo.takenAtSource ?? (photo.takenAt === null ? null : 'exif') },
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

  /** Photos that are no pair's part (a Live Photo's video or a RAW beside its still): the items of the grid. */
  countItems(rootId?: number): number {
    const notPart = 'NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = photos.id)';
    if (rootId === undefined) return this.db.prepare<[], number>(`SELECT count(*) FROM photos WHERE ${notPart}`).pluck().get() as number;
    return this.db.prepare<[number], number>(`SELECT count(*) FROM photos WHERE root_id = ? AND ${notPart}`).pluck().get(rootId) as number;
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
