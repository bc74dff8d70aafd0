import { EmbeddingRepository } from '../embedding-repository';
import type { LibraryDb } from '../library-db';
import { chooseVecLayout, ivfNeedsRetraining, type VectorLayoutThresholds } from './choose-vector-layout';
import type { IvfBuildOptions } from './ivf/build-ivf';
import { tableExists } from './index-table';
import { IvfIndex, type IvfSearchTuning } from './ivf/ivf-index';
import { loadVectorExtension } from './load-vector-extension';
import { BackgroundRebuild, type RebuildOutcome, type SwappableIndex } from './rebuild/background-rebuild';
import { logChangedPhotos, readRebuildRecord, recoverAbandonedRebuild, type RebuildTarget } from './rebuild/rebuild-state';
import { VecIndex } from './vec-index';
import { errorFields, type Logger } from '../../logging/logger';
import type { VectorBackendName, VectorHit, VectorIndex, VectorIndexKind, VectorItem, VectorItems, VectorSearchOptions } from './vector-index';

export type BackendIndex = VectorIndex & { isIntact(): boolean };

export interface ManagedIndexContext {
  db: LibraryDb;
  towerRowId: number;
  thresholds: VectorLayoutThresholds;
  ivfSearch: IvfSearchTuning;
  ivfBuild: IvfBuildOptions;
  /** False: the policy is never applied in the background (the old behaviour: only at open, synchronously). */
  background: boolean;
  /** Awaited by each background rebuild once built, before its swap (see BackgroundRebuild). */
  beforeSwap?: () => Promise<void>;
  /** Rebuilds that cannot start or that fail are logged here (the current index keeps serving). */
  logger: Logger;
}

/**
 * A tower's vector index as the rest of Lumen sees it: the backend index in use, which a background
 * rebuild may replace (exact ↔ IVF as the library grows or shrinks, or IVF retrained) while this
 * object keeps answering. Searches and writes always go to the index in use; writes made during a
 * rebuild are carried over by its swap. `whenIdle()` awaits a running rebuild, `close()` stops it.
 */
export class ManagedVectorIndex implements VectorIndex {
  private rebuild: BackgroundRebuild | undefined;
  private lastOutcome: RebuildOutcome | undefined;
  private closed = false;
  private seenSchemaVersion: number;

  constructor(
    private index: BackendIndex,
    private readonly context: ManagedIndexContext,
  ) {
    this.seenSchemaVersion = this.schemaVersion();
  }

  get backend(): VectorBackendName {
    return this.index.backend;
  }

  get kind(): VectorIndexKind {
    return this.index.kind;
  }

  get dim(): number {
    return this.index.dim;
  }

  /** The backend index answering now; a background rebuild replaces it when it swaps. */
  get current(): VectorIndex {
    return this.index;
  }

  /** The rebuild running in the background, if any. */
  get backgroundRebuild(): BackgroundRebuild | undefined {
    return this.rebuild;
  }

  get rebuilding(): boolean {
    return this.rebuild !== undefined;
  }

  /** How the last background rebuild ended (undefined if none ran). */
  get lastRebuild(): RebuildOutcome | undefined {
    return this.lastOutcome;
  }

  /** Resolves once no background rebuild runs, with how the last one ended. */
  async whenIdle(): Promise<RebuildOutcome | undefined> {
    while (this.rebuild) await this.rebuild.done;
    return this.lastOutcome;
  }

  upsert(items: ReadonlyArray<VectorItem>): void {
    this.followSwapElsewhere();
    this.index.upsert(items);
    if (this.rebuild) this.noteChanged(items.map((item) => item.photoId));
  }

  remove(photoIds: readonly number[]): void {
    this.followSwapElsewhere();
    this.index.remove(photoIds);
    if (this.rebuild) this.noteChanged(photoIds);
  }

  search(query: Float32Array, limit: number, options?: VectorSearchOptions): VectorHit[] {
    this.followSwapElsewhere();
    return this.index.search(query, limit, options);
  }

  count(): number {
    this.followSwapElsewhere();
    return this.index.count();
  }

  /** A full synchronous rebuild of the index in use; a background rebuild is abandoned first. */
  rebuildFrom(embeddings: VectorItems): void {
    this.rebuild?.cancelNow();
    this.index.rebuildFrom(embeddings);
  }

  /**
   * Applies the layout policy now (the indexer calls it after a run): starts a background rebuild if
   * the library has crossed a threshold or outgrown its IVF centroids. Returns what it started, if anything.
   */
  checkLayout(): RebuildTarget | undefined {
    if (this.closed || this.rebuild || !this.context.background || this.context.db.readonly || this.backend !== 'vec') return undefined;
    const { db, towerRowId, thresholds } = this.context;
    const count = new EmbeddingRepository(db).countEmbeddings(towerRowId);
    if (this.index.count() !== count) return undefined; // mid-write or damaged: the next open rebuilds it synchronously
    const target = plannedRebuild(this.index, count, thresholds);
    if (target !== undefined) this.startRebuild(target);
    return this.rebuild ? target : undefined;
  }

  /**
   * Starts rebuilding into `target` in the background unless a rebuild already runs (here or in
   * another process). Never throws: if it cannot start (the library busy for long), the current index
   * keeps serving, `lastRebuild` says why, and the next open or indexing run tries again.
   */
  startRebuild(target: RebuildTarget): void {
    if (this.closed || this.rebuild || this.context.db.readonly) return;
    try {
      this.tryStartRebuild(target);
    } catch (error) {
      this.context.logger.warn(errorFields(error, { target }), 'cannot start rebuilding the vector index; the current index keeps serving');
      this.lastOutcome = {
        status: 'failed',
        target,
        reason: `cannot start rebuilding the vector index: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  private tryStartRebuild(target: RebuildTarget): void {
    const { db, towerRowId, ivfSearch, ivfBuild, beforeSwap } = this.context;
    recoverAbandonedRebuild(db, towerRowId);
    if (readRebuildRecord(db, towerRowId)) return; // another process is at it
    const rebuild = BackgroundRebuild.start({
      db,
      towerRowId,
      dim: this.index.dim,
      target,
      ivfSearch,
      ivfBuild,
      ...(beforeSwap ? { beforeSwap } : {}),
      install: (index: SwappableIndex) => {
        const old = this.index;
        this.index = index;
        old.dispose();
      },
      onSettled: (outcome) => {
        if (this.rebuild === rebuild) this.rebuild = undefined;
        if (outcome.status === 'failed')
          this.context.logger.warn(
            { target: outcome.target, reason: outcome.reason },
            'background vector index rebuild failed; the previous index keeps serving',
          );
        this.lastOutcome = outcome;
      },
    });
    if (rebuild.running) this.rebuild = rebuild;
  }

  /** Stops a running rebuild and waits for its worker to exit, then releases the index. */
  async close(): Promise<void> {
    this.closed = true;
    await this.rebuild?.cancel();
    this.index.dispose();
  }

  /** Like `close` without waiting: the worker is killed and its leftovers dropped now or at the next open. */
  dispose(): void {
    this.closed = true;
    this.rebuild?.cancelNow();
    this.index.dispose();
  }

  /**
   * Another process (the CLI beside the app) may have swapped in a rebuilt layout, dropping the
   * tables this index reads: then follow it to the layout in place. Costs one pragma read per call.
   */
  private followSwapElsewhere(): void {
    const version = this.schemaVersion();
    if (version === this.seenSchemaVersion) return;
    this.seenSchemaVersion = version;
    if (this.closed || this.index.backend !== 'vec') return;
    const { db, towerRowId, ivfSearch, ivfBuild } = this.context;
    const ivf = IvfIndex.tableName(towerRowId);
    const vec = VecIndex.tableName(towerRowId);
    const liveTable = this.index.kind === 'ivf' ? `${ivf}_meta` : vec;
    if (tableExists(db, liveTable)) return;
    let next: BackendIndex | undefined;
    if (tableExists(db, `${ivf}_meta`)) next = IvfIndex.open(db, towerRowId, this.index.dim, ivfSearch, ivfBuild).index;
    else if (tableExists(db, vec)) {
      loadVectorExtension(db.connection, 'vec');
      next = VecIndex.open(db, towerRowId, this.index.dim).index;
    }
    if (!next) return; // nothing to follow: the next open rebuilds
    this.index.dispose();
    this.index = next;
  }

  private schemaVersion(): number {
    return this.context.db.connection.pragma('schema_version', { simple: true }) as number;
  }

  private noteChanged(photoIds: readonly number[]): void {
    if (photoIds.length > 0) logChangedPhotos(this.context.db, this.context.towerRowId, photoIds);
  }
}

/** The rebuild the layout policy asks of a consistent `vec` index holding `count` vectors, if any. */
export function plannedRebuild(index: VectorIndex, count: number, thresholds: VectorLayoutThresholds): RebuildTarget | undefined {
  if (index.backend !== 'vec') return undefined;
  const current = index.kind === 'ivf' ? 'ivf' : 'vec-exact';
  const wanted = chooseVecLayout(count, current, thresholds);
  if (wanted !== current) return wanted;
  if (index instanceof IvfIndex && ivfNeedsRetraining(count, index.trainedOn(), thresholds)) return 'ivf';
  return undefined;
}
