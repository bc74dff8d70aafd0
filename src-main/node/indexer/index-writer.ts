import { sep } from 'node:path';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { LibraryDb } from '../library/library-db';
import { METADATA_VERSION, type PhotoRepository } from '../library/photo-repository';
import { SQL_NOW } from '../library/sql-now';
import type { VectorIndex } from '../library/vector/vector-index';
import { VideoRepository } from '../library/video-repository';
import type { PhotoOutcome } from './embed-worker/protocol';
import type { FoundFile } from './scan-folder';
import { isPermissionReason } from './file-problem';

export interface IndexWriterDeps {
  db: LibraryDb;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  vectorIndex: VectorIndex;
  towerRowId: number;
}

/** A photo already in the library whose content (and vector for the active tower) a new path can reuse. */
export interface ReusablePhoto {
  id: number;
  path: string;
  rootId: number;
}

export interface Placement {
  rootId: number;
  file: FoundFile;
  contentHash: string;
  /** Library photos with this content whose files are gone from an online folder: the file moved. */
  movableIds: ReadonlySet<number>;
}

export interface WriteCounts {
  embedded: number;
  reused: number;
  failed: number;
  /** Folders the walk could not list, recorded like failed files but counted apart: they are not found files. */
  failedFolders: number;
  /** Placements whose source photo vanished before the write: they need embedding after all. */
  unplaced: Placement[];
}

type Write = (counts: WriteCounts) => void;

const REUSE_CANDIDATES = 8;

/**
 * Every change an indexing run makes to the library, queued and applied in one transaction per
 * flush: a killed run loses at most the unflushed queue, never leaves half a photo.
 */
export class IndexWriter {
  private queue: Write[] = [];
  private readonly videos: VideoRepository;

  constructor(private readonly deps: IndexWriterDeps) {
    this.videos = new VideoRepository(deps.db);
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Forgets the queued writes (a run stopped by a full or locked library); nothing of theirs was written. */
  discard(): void {
    this.queue = [];
  }

  /**
   * Photos with this content and a vector for the active tower, oldest first. At most
   * REUSE_CANDIDATES: one is enough to copy a vector from, and a moved file is almost always among
   * the first few copies; without a bound, a photo duplicated n times would cost O(n²).
   */
  reusablePhotos(contentHash: string): ReusablePhoto[] {
    return this.deps.db
      .prepare<[string, number], ReusablePhoto>(
        `SELECT p.id AS id, p.path AS path, p.root_id AS rootId FROM photos p
         WHERE p.content_hash = ? AND EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.tower_row_id = ?)
         ORDER BY p.id LIMIT ${REUSE_CANDIDATES}`,
      )
      .all(contentHash, this.deps.towerRowId);
  }

  /**
   * 'unchanged' since it was embedded for this tower, or (unless `retryErrors`) since it was found
   * unreadable; 'denied' when it was found unreadable for its permissions, which a fix (chmod)
   * changes without touching its size or mtime, so the caller tries whether it reads now; else 'changed'.
   */
  fileState(file: FoundFile, retryErrors = false, refreshMetadata = false): 'changed' | 'unchanged' | 'denied' {
    const known = this.deps.db
      .prepare<[number, string], { size: number; mtimeMs: number; embedded: number; metadataVersion: number }>(
        `SELECT size, mtime_ms AS mtimeMs, metadata_version AS metadataVersion,
                EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = photos.id AND e.tower_row_id = ?) AS embedded
         FROM photos WHERE path = ?`,
      )
      .get(this.deps.towerRowId, file.path);
    if (known && refreshMetadata && known.metadataVersion < METADATA_VERSION) return 'changed';
    if (known) return known.size === file.size && known.mtimeMs === file.mtimeMs && known.embedded === 1 ? 'unchanged' : 'changed';
    if (retryErrors) return 'changed';
    const failure = this.deps.db
      .prepare<[string], { size: number; mtimeMs: number; reason: string }>('SELECT size, mtime_ms AS mtimeMs, reason FROM photo_errors WHERE path = ?')
      .get(file.path);
    if (failure === undefined || failure.size !== file.size || failure.mtimeMs !== file.mtimeMs) return 'changed';
    return isPermissionReason(failure.reason) ? 'denied' : 'unchanged';
  }

  /** True when a photo with this content was indexed before the current metadata reader. */
  hasStaleMetadata(contentHash: string): boolean {
    return (
      this.deps.db
        .prepare<[string, number], number>('SELECT EXISTS (SELECT 1 FROM photos WHERE content_hash = ? AND metadata_version < ?)')
        .pluck()
        .get(contentHash, METADATA_VERSION) === 1
    );
  }

  queueOutcomes(rootId: number, outcomes: readonly PhotoOutcome[]): void {
    for (const outcome of outcomes) this.queue.push((counts) => this.storeOutcome(rootId, outcome, counts));
  }

  queueFailure(rootId: number, file: FoundFile, reason: string, options: { folder?: boolean } = {}): void {
    this.queue.push((counts) => {
      this.deps.photos.recordError({ path: file.path, rootId, size: file.size, mtimeMs: file.mtimeMs, reason });
      if (options.folder) counts.failedFolders++;
      else counts.failed++;
    });
  }

  /** A path whose content the library already embedded: moved (same photo, new path) or copied (new photo, same vector). */
  queuePlacement(placement: Placement): void {
    this.queue.push((counts) => this.place(placement, counts));
  }

  flush(): WriteCounts {
    const counts: WriteCounts = { embedded: 0, reused: 0, failed: 0, failedFolders: 0, unplaced: [] };
    const writes = this.queue;
    this.queue = [];
    if (writes.length > 0) this.deps.db.transaction(() => writes.forEach((write) => write(counts)));
    return counts;
  }

  /**
   * Drops the root's photos (and vectors) whose files were not seen in a complete scan, except
   * inside folders the scan could not read (a permission change or an I/O error on a share is not
   * a deletion).
   */
  removeUnseen(rootId: number, seen: ReadonlySet<string>, unreadableFolders: readonly string[] = []): number {
    const prefixes = unreadableFolders.map((folder) => (folder.endsWith(sep) ? folder : `${folder}${sep}`));
    const vanished = (path: string): boolean => !seen.has(path) && !prefixes.some((prefix) => path.startsWith(prefix));
    const gone = this.deps.photos.listPhotoPathsInRoot(rootId).filter((photo) => vanished(photo.path));
    const staleErrors = this.deps.db.prepare<[number], string>('SELECT path FROM photo_errors WHERE root_id = ?').pluck().all(rootId).filter(vanished);
    if (gone.length === 0 && staleErrors.length === 0) return 0;
    this.deps.db.transaction(() => {
      this.deps.vectorIndex.remove(gone.map((photo) => photo.id));
      for (const photo of gone) this.deps.photos.deletePhoto(photo.id);
      for (const path of staleErrors) this.deps.photos.clearError(path);
    });
    return gone.length;
  }

  private storeOutcome(rootId: number, outcome: PhotoOutcome, counts: WriteCounts): void {
    const { photos, embeddings, vectorIndex, towerRowId } = this.deps;
    if (!outcome.ok) {
      photos.recordError({ path: outcome.path, rootId, size: outcome.size, mtimeMs: outcome.mtimeMs, reason: outcome.reason });
      counts.failed++;
      return;
    }
    const { ok: _ok, embedding, video, ...photo } = outcome;
    const photoId = photos.upsertPhoto({ rootId, ...photo });
    embeddings.putEmbedding(photoId, towerRowId, embedding);
    if (video) this.videos.putVideo(photoId, towerRowId, video);
    vectorIndex.upsert([{ photoId, vector: embedding }]);
    photos.clearError(outcome.path);
    counts.embedded++;
  }

  private place({ rootId, file, contentHash, movableIds }: Placement, counts: WriteCounts): void {
    const { db, photos, embeddings, vectorIndex, towerRowId } = this.deps;
    // Decided inside the transaction: an earlier write in this flush may have moved a candidate already.
    const candidates = this.reusablePhotos(contentHash);
    const atPath = photos.getPhotoByPath(file.path);
    const movable = atPath ? undefined : candidates.find((c) => movableIds.has(c.id) && c.path !== file.path);
    if (movable) {
      // Same photo row, so everything attached to its id (vector, tags, albums) follows the file.
      db.prepare<[string, number, number, number, number]>(
        `UPDATE photos SET path = ?, root_id = ?, size = ?, mtime_ms = ?, indexed_at = ${SQL_NOW} WHERE id = ?`,
      ).run(file.path, rootId, file.size, file.mtimeMs, movable.id);
    } else {
      const source = candidates.find((c) => c.path === file.path) ?? candidates[0];
      const sourcePhoto = source ? photos.getPhotos([source.id])[0] : undefined;
      const vector = source ? embeddings.getEmbedding(source.id, towerRowId) : undefined;
      if (!sourcePhoto || !vector) {
        counts.unplaced.push({ rootId, file, contentHash, movableIds });
        return;
      }
      const { id: _id, indexedAt: _indexedAt, ...described } = sourcePhoto;
      const photoId = photos.upsertPhoto({ ...described, rootId, path: file.path, size: file.size, mtimeMs: file.mtimeMs });
      embeddings.putEmbedding(photoId, towerRowId, vector);
      this.videos.copyVideo(sourcePhoto.id, photoId);
      vectorIndex.upsert([{ photoId, vector }]);
    }
    photos.clearError(file.path);
    counts.reused++;
  }
}
