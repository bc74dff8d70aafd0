import { LumenFailure } from '../../../../src-common/result';
import { EmbeddingRepository } from '../embedding-repository';
import type { LibraryDb } from '../library-db';
import { chooseVecLayout, DEFAULT_LAYOUT_THRESHOLDS, ivfNeedsRetraining, type VecLayout, type VectorLayoutThresholds } from './choose-vector-layout';
import { tableExists } from './index-table';
import type { IvfBuildOptions } from './ivf/build-ivf';
import { DEFAULT_IVF_SEARCH, IvfIndex, type IvfSearchTuning } from './ivf/ivf-index';
import { dropIvfTablesSql } from './ivf/ivf-lists';
import { loadVectorExtension } from './load-vector-extension';
import { VecIndex } from './vec-index';
import { type BackendIndex, type ManagedIndexContext, ManagedVectorIndex } from './managed-vector-index';
import { recoverAbandonedRebuild } from './rebuild/rebuild-state';
import type { VectorBackendName } from './vector-index';
import { VectorIndexSync } from './vector-index-sync';
import { discardingLogger, type Logger } from '../../logging/logger';
import { VssIndex } from './vss-index';

export interface OpenVectorIndexOptions {
  /** Where background rebuild failures are logged; default: nowhere (tools and tests that do not look). */
  logger?: Logger;
  /** When the default backend switches between exact and IVF (tests use small ones). */
  thresholds?: VectorLayoutThresholds;
  ivfSearch?: IvfSearchTuning;
  ivfBuild?: IvfBuildOptions;
  /**
   * Layout changes and IVF retraining of an index that is intact happen in a background worker
   * while the current index serves (default); false makes them synchronous, at open, as before.
   */
  rebuildInBackground?: boolean;
  /** Awaited after a background rebuild's worker has built the new layout, before the swap (see BackgroundRebuild). */
  beforeRebuildSwap?: () => Promise<void>;
}

/**
 * Opens the tower's index in the chosen backend, creating the table if missing. The default `vec`
 * backend picks its layout from the library size (`chooseVecLayout`): an exact sqlite-vec float32
 * scan for small libraries, the IVF index of 4-bit codes re-scored from `embeddings` for large ones (retrained when
 * the library outgrows its centroids); `vss` is always sqlite-vss Flat.
 * - If the index is new, was last written through another backend, or disagrees with `embeddings`,
 *   it is rebuilt from `embeddings` first (synchronously, before this returns), so switching just works.
 * - If it is intact but the policy wants another layout or retrained centroids, it is returned as it
 *   is, serving at once, and a background rebuild makes the new layout and swaps it in (see
 *   `ManagedVectorIndex`, `BackgroundRebuild`); leftovers of a rebuild interrupted by a crash are dropped first.
 * A read-only library never rebuilds. Open at most one index per tower per connection.
 */
export function openVectorIndex(
  db: LibraryDb,
  backend: VectorBackendName,
  towerRowId: number,
  dim: number,
  options: OpenVectorIndexOptions = {},
): ManagedVectorIndex {
  const embeddings = new EmbeddingRepository(db);
  const tower = embeddings.getImageTower(towerRowId);
  if (!tower) throw new LumenFailure('unknown-image-tower', `no image tower with row id ${towerRowId} in this library`);
  if (tower.dim !== dim) {
    throw new LumenFailure('vector-dimension-mismatch', `image tower ${tower.towerId} has ${tower.dim}-dimensional vectors, not ${dim}`);
  }
  if (!db.readonly) recoverAbandonedRebuild(db, towerRowId);
  const embeddingCount = embeddings.countEmbeddings(towerRowId);
  const thresholds = options.thresholds ?? DEFAULT_LAYOUT_THRESHOLDS;
  const sync = new VectorIndexSync(db);
  const syncedBackend = sync.syncedBackend(towerRowId);
  const context: ManagedIndexContext = {
    db,
    towerRowId,
    thresholds,
    ivfSearch: options.ivfSearch ?? DEFAULT_IVF_SEARCH,
    ivfBuild: options.ivfBuild ?? {},
    background: (options.rebuildInBackground ?? true) && !db.readonly && backend === 'vec',
    ...(options.beforeRebuildSwap ? { beforeSwap: options.beforeRebuildSwap } : {}),
    logger: options.logger ?? discardingLogger,
  };
  const open = (layout: VecLayout | undefined): { index: BackendIndex; created: boolean } => {
    if (layout !== 'ivf') loadVectorExtension(db.connection, backend);
    const table = layout === 'ivf' ? IvfIndex.tableName(towerRowId) : backend === 'vss' ? VssIndex.tableName(towerRowId) : VecIndex.tableName(towerRowId);
    if (db.readonly && !tableExists(db, table)) throw staleInReadonly(backend, 'it has not been built yet');
    return layout === 'ivf'
      ? IvfIndex.open(db, towerRowId, dim, context.ivfSearch, context.ivfBuild)
      : backend === 'vss'
        ? VssIndex.open(db, towerRowId, dim)
        : VecIndex.open(db, towerRowId, dim);
  };

  const current = backend === 'vec' ? currentVecLayout(db, towerRowId, syncedBackend) : undefined;
  const layout = backend === 'vec' ? (db.readonly && current !== undefined ? current : chooseVecLayout(embeddingCount, current, thresholds)) : undefined;
  if (context.background && current !== undefined && current !== layout) {
    // Keep serving the layout in place while the other one is built, if it can be trusted.
    const inPlace = open(current);
    if (!inPlace.created && staleReason(db, inPlace.index, backend, syncedBackend, () => embeddings.countEmbeddings(towerRowId)) === undefined) {
      const managed = new ManagedVectorIndex(inPlace.index, context);
      managed.startRebuild(layout as VecLayout);
      return managed;
    }
    inPlace.index.dispose();
  }

  const { index, created } = open(layout);
  let reason = created ? 'it is new' : staleReason(db, index, backend, syncedBackend, () => embeddings.countEmbeddings(towerRowId));
  if (reason === undefined && index instanceof IvfIndex && !db.readonly && ivfNeedsRetraining(embeddingCount, index.trainedOn(), thresholds)) {
    if (context.background) {
      const managed = new ManagedVectorIndex(index, context);
      managed.startRebuild('ivf');
      return managed;
    }
    reason = 'the library has outgrown its IVF centroids';
  }
  if (reason !== undefined) {
    if (db.readonly) throw staleInReadonly(backend, reason);
    db.transaction(() => {
      index.rebuildFrom(() => embeddings.iterateEmbeddings(towerRowId));
      dropOtherVecLayout(db, backend, layout, towerRowId);
      sync.markSynced(towerRowId, backend);
    });
  }
  return new ManagedVectorIndex(index, context);
}

/**
 * Only one `vec` layout serves at a time (the other is dropped when switching), so the tables tell;
 * while a background rebuild makes the exact table, the IVF one still serves.
 */
function currentVecLayout(db: LibraryDb, towerRowId: number, syncedBackend: VectorBackendName | undefined): VecLayout | undefined {
  if (syncedBackend !== 'vec') return undefined;
  if (tableExists(db, IvfIndex.tableName(towerRowId))) return 'ivf';
  if (tableExists(db, VecIndex.tableName(towerRowId))) return 'vec-exact';
  return undefined;
}

function dropOtherVecLayout(db: LibraryDb, backend: VectorBackendName, layout: VecLayout | undefined, towerRowId: number): void {
  if (backend !== 'vec') return;
  if (layout === 'ivf') {
    if (tableExists(db, VecIndex.tableName(towerRowId))) {
      loadVectorExtension(db.connection, 'vec'); // dropping a vec0 table needs its module
      db.connection.exec(`DROP TABLE "${VecIndex.tableName(towerRowId)}"`);
    }
  } else {
    db.connection.exec(dropIvfTablesSql(IvfIndex.tableName(towerRowId)));
  }
}

/** Why an existing index cannot be trusted, or undefined when it can. */
function staleReason(
  db: LibraryDb,
  index: BackendIndex,
  backend: VectorBackendName,
  syncedBackend: VectorBackendName | undefined,
  countEmbeddings: () => number,
): string | undefined {
  if (syncedBackend !== backend) return 'another backend was in use';
  // Both counts from one snapshot: `lumen index` in another process commits batches meanwhile, and
  // counts read before and after one of its commits would disagree and rebuild the index for nothing.
  const [indexed, stored] = db.snapshot(() => [index.count(), countEmbeddings()]);
  if (indexed !== stored) return 'it disagrees with the stored embeddings';
  if (!index.isIntact()) return 'it is damaged';
  return undefined;
}

function staleInReadonly(backend: VectorBackendName, reason: string): LumenFailure {
  return new LumenFailure(
    'vector-index-stale',
    `the ${backend} vector index needs rebuilding (${reason}), which a read-only library cannot do; open it once without read-only mode`,
  );
}
