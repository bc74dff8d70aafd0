/**
 * Read side of the library for the window: photo pages for the grid (newest capture first unless
 * asked otherwise, then by path, so the order is stable while indexing adds photos), the photos per
 * capture day for the grid's date headings, and one photo's details.
 * Also forgets a folder, keeping the vector index in step with the photos table.
 */
import type { PhotoDetails, PhotoPage, PhotoPageRequest, PhotoSummary } from '../../../src-common/contract-app';
import type { PhotoDay, PhotoListingRequest } from '../../../src-common/contract-browse';
import { LumenFailure } from '../../../src-common/result';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRecord, PhotoRepository } from '../library/photo-repository';
import type { VectorIndex } from '../library/vector/vector-index';
import { PhotoPairs } from '../library/photo-pairs';
import { whereAndWhen } from '../places/where-and-when';
import { photoListing, rootIdOf } from './photo-listing';

interface SummaryRow {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  thumbnail: string | null;
}

const SUMMARY_COLUMNS = 'id, path, width, height, taken_at AS takenAt, thumbnail';

function toSummary(row: SummaryRow | PhotoRecord): PhotoSummary {
  return { id: row.id, path: row.path, width: row.width, height: row.height, takenAt: row.takenAt, hasThumbnail: row.thumbnail !== null };
}

export class PhotoBrowser {
  private readonly pairs: PhotoPairs;

  constructor(
    private readonly db: LibraryDb,
    private readonly photos: PhotoRepository,
    private readonly vectorIndex: VectorIndex,
  ) {
    this.pairs = new PhotoPairs(db);
  }

  page(request: PhotoPageRequest): PhotoPage {
    const { where, params, orderBy } = photoListing(this.db, this.photos, request);
    const total = this.db.prepare<[typeof params], number>(`SELECT count(*) FROM photos WHERE ${where}`).pluck().get(params) ?? 0;
    const rows = this.db
      .prepare<[typeof params], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM photos WHERE ${where} ${orderBy} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: request.limit, offset: request.offset });
    return { total, offset: request.offset, photos: rows.map(toSummary) };
  }

  /** The listing's photos per capture day, in the listing's order (empty for orders that are not by date). */
  days(request: PhotoListingRequest): PhotoDay[] {
    const { where, params, sort } = photoListing(this.db, this.photos, request);
    if (sort !== 'taken-desc' && sort !== 'taken-asc') return [];
    const direction = sort === 'taken-desc' ? 'DESC' : 'ASC';
    return this.db
      .prepare<[typeof params], PhotoDay>(
        `SELECT substr(photos.taken_at, 1, 10) AS day, count(*) AS count FROM photos WHERE ${where} GROUP BY day ORDER BY day IS NULL, day ${direction}`,
      )
      .all(params);
  }

  details(photoId: number): PhotoDetails {
    const [photo] = this.photos.getPhotos([photoId]);
    if (!photo) throw new LumenFailure('unknown-photo', `no photo with id ${photoId} in this library`);
    const root = this.photos.listRoots().find((r) => r.id === photo.rootId);
    const parts = this.pairs.partsOf([photo.id]).get(photo.id) ?? [];
    return {
      ...toSummary(photo),
      folder: root?.path ?? '',
      size: photo.size,
      format: photo.format,
      cameraMake: photo.cameraMake,
      cameraModel: photo.cameraModel,
      indexedAt: photo.indexedAt,
      ...whereAndWhen(photo),
      ...(parts.length > 0 ? { parts } : {}),
    };
  }

  /** Removes the folder's photos from the library and the vector index; files on disk are untouched. */
  forgetFolder(folder: string): void {
    const rootId = this.rootId(folder);
    const ids = this.photos.listPhotoPathsInRoot(rootId).map((p) => p.id);
    this.db.transaction(() => {
      this.vectorIndex.remove(ids);
      // Photos, their embeddings and error rows go with the root (ON DELETE CASCADE).
      this.db.prepare<[number]>('DELETE FROM roots WHERE id = ?').run(rootId);
    });
  }

  private rootId(folder: string): number {
    return rootIdOf(this.photos, folder);
  }
}
