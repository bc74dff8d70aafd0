/**
 * Read side of the library for the window: photo pages for the grid (newest capture first, then
 * by path, so the order is stable while indexing adds photos) and one photo's details.
 * Also forgets a folder, keeping the vector index in step with the photos table.
 */
import type { PhotoDetails, PhotoPage, PhotoPageRequest, PhotoSummary } from '../../../src-common/contract-app';
import { LumenFailure } from '../../../src-common/result';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRecord, PhotoRepository } from '../library/photo-repository';
import type { VectorIndex } from '../library/vector/vector-index';
import { PhotoPairs } from '../library/photo-pairs';
import { whereAndWhen } from '../places/where-and-when';
import { buildPhotoFilter, type PhotoFilter } from '../search/photo-filter';

interface SummaryRow {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  thumbnail: string | null;
}

const SUMMARY_COLUMNS = 'id, path, width, height, taken_at AS takenAt, thumbnail';
// Photos without a capture date sort after dated ones; path breaks ties so pages never overlap.
const ORDER = 'ORDER BY taken_at IS NULL, taken_at DESC, path';
/** A Live Photo's video and the RAW beside a JPEG are shown with their photo, not as items of their own. */
const LEADS_ONLY = 'NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = photos.id)';

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
    if (request.tag !== undefined) return this.taggedPage(request, request.tag);
    if (request.folder === undefined) {
      const total = this.db.prepare<[], number>(`SELECT count(*) FROM photos WHERE ${LEADS_ONLY}`).pluck().get() ?? 0;
      const rows = this.db
        .prepare<[number, number], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM photos WHERE ${LEADS_ONLY} ${ORDER} LIMIT ? OFFSET ?`)
        .all(request.limit, request.offset);
      return { total, offset: request.offset, photos: rows.map(toSummary) };
    }
    const rootId = this.rootId(request.folder);
    const total = this.db.prepare<[number], number>(`SELECT count(*) FROM photos WHERE root_id = ? AND ${LEADS_ONLY}`).pluck().get(rootId) ?? 0;
    const rows = this.db
      .prepare<[number, number, number], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM photos WHERE root_id = ? AND ${LEADS_ONLY} ${ORDER} LIMIT ? OFFSET ?`)
      .all(rootId, request.limit, request.offset);
    return { total, offset: request.offset, photos: rows.map(toSummary) };
  }

  /** Photos with an accepted tag (optionally in one folder), through the search filters' SQL. */
  private taggedPage(request: PhotoPageRequest, tag: string): PhotoPage {
    const filters = { tags: [tag], includeOffline: true, ...(request.folder ? { folders: [request.folder] } : {}) };
    const filter = buildPhotoFilter(this.db, { filters }) as PhotoFilter;
    const total = this.db.prepare<[Record<string, string>], number>(`SELECT count(*) FROM photos WHERE ${filter.where}`).pluck().get(filter.params) ?? 0;
    const rows = this.db
      .prepare<[Record<string, string | number>], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM photos WHERE ${filter.where} ${ORDER} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...filter.params, limit: request.limit, offset: request.offset });
    return { total, offset: request.offset, photos: rows.map(toSummary) };
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
    const root = this.photos.listRoots().find((r) => r.path === folder);
    if (!root) throw new LumenFailure('unknown-folder', `${folder} is not a folder of this library`);
    return root.id;
  }
}
