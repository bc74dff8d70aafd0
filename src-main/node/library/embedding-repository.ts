import { LumenFailure } from '../../../src-common/result';
import { returnedRow, type LibraryDb } from './library-db';
import { SQL_NOW } from './sql-now';
import { blobToFloat32, float32ToBlob } from './vector-blob';

export interface ImageTowerRecord {
  /** Row id: what embeddings and vector indexes refer to. */
  id: number;
  /** The model's image-tower hash. */
  towerId: string;
  modelName: string;
  dim: number;
  createdAt: string;
}

export interface StoredEmbedding {
  photoId: number;
  vector: Float32Array;
}

/** Rows per page when walking a tower's embeddings; bounds memory, and no cursor stays open between pages. */
const ITERATE_PAGE_SIZE = 512;

const TOWER_COLUMNS = 'id, tower_id AS towerId, model_name AS modelName, dim, created_at AS createdAt';

/** Image towers and the raw vectors each produced: the source of truth every vector index is rebuilt from. */
export class EmbeddingRepository {
  private readonly towerDims = new Map<number, number>();

  constructor(private readonly db: LibraryDb) {}

  /** Row id of the tower, registering it on first sight. The same hash with another dimension means a corrupt library. */
  ensureImageTower(towerId: string, modelName: string, dim: number): number {
    if (!Number.isInteger(dim) || dim <= 0) throw new LumenFailure('bad-argument', `an image tower's dimension must be a positive integer, not ${dim}`);
    // Read first: opening a library to search must not need the write lock (another process may hold it).
    const known = this.db
      .prepare<[string], { id: number; dim: number; modelName: string }>('SELECT id, dim, model_name AS modelName FROM image_towers WHERE tower_id = ?')
      .get(towerId);
    const row =
      known?.modelName === modelName
        ? known
        : returnedRow(
            this.db.prepare<[string, string, number], { id: number; dim: number }>(
              `INSERT INTO image_towers (tower_id, model_name, dim, created_at) VALUES (?, ?, ?, ${SQL_NOW})
               ON CONFLICT (tower_id) DO UPDATE SET model_name = excluded.model_name RETURNING id, dim`,
            ),
            towerId,
            modelName,
            dim,
          );
    if (row.dim !== dim) {
      throw new LumenFailure('image-tower-conflict', `image tower ${towerId} was recorded with ${row.dim} dimensions, but the model now reports ${dim}`);
    }
    this.towerDims.set(row.id, row.dim);
    return row.id;
  }

  getImageTower(towerRowId: number): ImageTowerRecord | undefined {
    return this.db.prepare<[number], ImageTowerRecord>(`SELECT ${TOWER_COLUMNS} FROM image_towers WHERE id = ?`).get(towerRowId);
  }

  findImageTower(towerId: string): ImageTowerRecord | undefined {
    return this.db.prepare<[string], ImageTowerRecord>(`SELECT ${TOWER_COLUMNS} FROM image_towers WHERE tower_id = ?`).get(towerId);
  }

  /** Stores the vector exactly as the model produced it, replacing any earlier one for this photo and tower. */
  putEmbedding(photoId: number, towerRowId: number, vector: Float32Array): void {
    const dim = this.towerDim(towerRowId);
    if (vector.length !== dim) {
      throw new LumenFailure('vector-dimension-mismatch', `image tower ${towerRowId} stores ${dim}-dimensional vectors, not ${vector.length}`);
    }
    this.db
      .prepare<[number, number, Buffer]>(
        `INSERT INTO embeddings (photo_id, tower_row_id, vector) VALUES (?, ?, ?)
         ON CONFLICT (photo_id, tower_row_id) DO UPDATE SET vector = excluded.vector`,
      )
      .run(photoId, towerRowId, float32ToBlob(vector));
  }

  getEmbedding(photoId: number, towerRowId: number): Float32Array | undefined {
    const blob = this.db
      .prepare<[number, number], Buffer>('SELECT vector FROM embeddings WHERE photo_id = ? AND tower_row_id = ?')
      .pluck()
      .get(photoId, towerRowId);
    return blob === undefined ? undefined : blobToFloat32(blob);
  }

  hasEmbedding(photoId: number, towerRowId: number): boolean {
    return this.db.prepare<[number, number], number>('SELECT 1 FROM embeddings WHERE photo_id = ? AND tower_row_id = ?').pluck().get(photoId, towerRowId) === 1;
  }

  countEmbeddings(towerRowId: number): number {
    return this.db.prepare<[number], number>('SELECT count(*) FROM embeddings WHERE tower_row_id = ?').pluck().get(towerRowId) as number;
  }

  /**
   * Every embedding of the tower in photo-id order, read a page at a time. Paging (rather than
   * `Statement.iterate`) leaves the connection free between pages, so the consumer may write to it,
   * as a vector index rebuild does.
   */
  *iterateEmbeddings(towerRowId: number): Generator<StoredEmbedding> {
    const page = this.db.prepare<[number, number, number], { photoId: number; vector: Buffer }>(
      `SELECT photo_id AS photoId, vector FROM embeddings
       WHERE tower_row_id = ? AND photo_id > ? ORDER BY photo_id LIMIT ?`,
    );
    let afterPhotoId = -1;
    for (;;) {
      const rows = page.all(towerRowId, afterPhotoId, ITERATE_PAGE_SIZE);
      for (const row of rows) yield { photoId: row.photoId, vector: blobToFloat32(row.vector) };
      const last = rows.at(-1);
      if (!last || rows.length < ITERATE_PAGE_SIZE) return;
      afterPhotoId = last.photoId;
    }
  }

  private towerDim(towerRowId: number): number {
    let dim = this.towerDims.get(towerRowId);
    if (dim === undefined) {
      dim = this.getImageTower(towerRowId)?.dim;
      if (dim === undefined) throw new LumenFailure('unknown-image-tower', `no image tower with row id ${towerRowId} in this library`);
      this.towerDims.set(towerRowId, dim);
    }
    return dim;
  }
}
