import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IndexSummary } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import type { PhotoRepository } from '../library/photo-repository';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { VectorIndex } from '../library/vector/vector-index';
import type { LibraryDb } from '../library/library-db';
import type { EmbedWorkerClient } from './embed-worker/worker-client';
import type { FileJob, PhotoOutcome } from './embed-worker/protocol';
import { scanFolder, type ScanProblem } from './scan-folder';

export interface IndexProgress {
  found: number;
  done: number;
  failed: number;
  unchanged: number;
}

export interface IndexerDeps {
  db: LibraryDb;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  vectorIndex: VectorIndex;
  worker: EmbedWorkerClient;
  towerRowId: number;
  libraryDir: string;
  batchSize?: number;
}

/**
 * Brings the library in line with the folders on disk: new and changed photos are embedded by the
 * worker process, unchanged ones are skipped, vanished ones removed, unreadable ones recorded with
 * their reason. Each batch is written in one transaction, so an interrupted run loses at most a batch.
 */
export class Indexer {
  private readonly batchSize: number;

  constructor(private readonly deps: IndexerDeps) {
    this.batchSize = deps.batchSize ?? 16;
  }

  async indexFolders(folders: readonly string[], onProgress?: (progress: IndexProgress) => void): Promise<IndexSummary> {
    const started = performance.now();
    const roots = await this.checkFolders(folders);
    const summary: IndexSummary = { roots, found: 0, indexed: 0, unchanged: 0, failed: 0, removed: 0, seconds: 0 };
    const report = (): void => onProgress?.({ found: summary.found, done: summary.indexed, failed: summary.failed, unchanged: summary.unchanged });

    for (const root of roots) {
      const rootId = this.deps.photos.upsertRoot(root);
      const seen = new Set<string>();
      const problems: ScanProblem[] = [];
      let batch: FileJob[] = [];
      for await (const file of scanFolder(root, problems)) {
        summary.found++;
        seen.add(file.path);
        if (this.isUpToDate(file)) {
          summary.unchanged++;
          continue;
        }
        batch.push(file);
        if (batch.length >= this.batchSize) {
          await this.processBatch(rootId, batch, summary);
          batch = [];
          report();
        }
      }
      if (batch.length > 0) await this.processBatch(rootId, batch, summary);
      for (const problem of problems) {
        this.deps.photos.recordError({ path: problem.path, rootId, size: 0, mtimeMs: 0, reason: problem.reason });
        summary.failed++;
      }
      summary.removed += this.removeVanished(rootId, seen);
      this.deps.photos.markRootScanned(rootId);
      report();
    }
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  }

  private async checkFolders(folders: readonly string[]): Promise<string[]> {
    if (folders.length === 0) throw new LumenFailure('bad-argument', 'name at least one folder to index');
    const roots: string[] = [];
    for (const folder of folders) {
      const absolute = resolve(folder);
      const info = await stat(absolute).catch(() => null);
      if (!info) throw new LumenFailure('missing-folder', `folder not found: ${absolute}`);
      if (!info.isDirectory()) throw new LumenFailure('not-a-folder', `not a folder: ${absolute}`);
      roots.push(absolute);
    }
    return roots;
  }

  /** Same size and mtime as last time, and either embedded for this tower or already known to be unreadable. */
  private isUpToDate(file: FileJob): boolean {
    const known = this.deps.photos.getPhotoByPath(file.path);
    if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) {
      return this.deps.embeddings.hasEmbedding(known.id, this.deps.towerRowId);
    }
    const failure = this.deps.photos.getError(file.path);
    return failure !== undefined && failure.size === file.size && failure.mtimeMs === file.mtimeMs;
  }

  private async processBatch(rootId: number, batch: FileJob[], summary: IndexSummary): Promise<void> {
    const outcomes = await this.deps.worker.call('embed-files', { files: batch, libraryDir: this.deps.libraryDir });
    this.deps.db.transaction(() => {
      for (const outcome of outcomes) this.store(rootId, outcome, summary);
    });
  }

  private store(rootId: number, outcome: PhotoOutcome, summary: IndexSummary): void {
    const { photos, embeddings, vectorIndex, towerRowId } = this.deps;
    if (!outcome.ok) {
      photos.recordError({ path: outcome.path, rootId, size: outcome.size, mtimeMs: outcome.mtimeMs, reason: outcome.reason });
      summary.failed++;
      return;
    }
    const photoId = photos.upsertPhoto({
      rootId,
      path: outcome.path,
      size: outcome.size,
      mtimeMs: outcome.mtimeMs,
      contentHash: outcome.contentHash,
      width: outcome.width,
      height: outcome.height,
      format: outcome.format,
      takenAt: outcome.takenAt,
      cameraMake: outcome.cameraMake,
      cameraModel: outcome.cameraModel,
      thumbnail: outcome.thumbnail,
    });
    embeddings.putEmbedding(photoId, towerRowId, outcome.embedding);
    vectorIndex.upsert([{ photoId, vector: outcome.embedding }]);
    photos.clearError(outcome.path);
    summary.indexed++;
  }

  private removeVanished(rootId: number, seen: ReadonlySet<string>): number {
    const gone = this.deps.photos.listPhotoPathsInRoot(rootId).filter((photo) => !seen.has(photo.path));
    if (gone.length === 0) return 0;
    this.deps.db.transaction(() => {
      this.deps.vectorIndex.remove(gone.map((photo) => photo.id));
      for (const photo of gone) this.deps.photos.deletePhoto(photo.id);
    });
    return gone.length;
  }
}
