import { LumenFailure } from '../../../../src-common/result';
import { EmbeddingRepository } from '../embedding-repository';
import type { LibraryDb } from '../library-db';
import { tableExists } from './index-table';
import { loadVectorExtension } from './load-vector-extension';
import { VecIndex } from './vec-index';
import type { VectorBackendName, VectorIndex } from './vector-index';
import { VectorIndexSync } from './vector-index-sync';
import { VssIndex } from './vss-index';

type BackendIndex = VectorIndex & { isIntact(): boolean };

/**
 * Opens the tower's index in the chosen backend, loading the extension on demand and creating the
 * table if missing. If the index is new, was last written through the other backend, or disagrees
 * with `embeddings`, it is rebuilt from `embeddings` first, so switching backend on an existing library just works.
 * Open at most one index per tower per connection.
 */
export function openVectorIndex(db: LibraryDb, backend: VectorBackendName, towerRowId: number, dim: number): VectorIndex {
  loadVectorExtension(db.connection, backend);
  const embeddings = new EmbeddingRepository(db);
  const tower = embeddings.getImageTower(towerRowId);
  if (!tower) throw new LumenFailure('unknown-image-tower', `no image tower with row id ${towerRowId} in this library`);
  if (tower.dim !== dim) {
    throw new LumenFailure('vector-dimension-mismatch', `image tower ${tower.towerId} has ${tower.dim}-dimensional vectors, not ${dim}`);
  }

  const table = backend === 'vss' ? VssIndex.tableName(towerRowId) : VecIndex.tableName(towerRowId);
  if (db.readonly && !tableExists(db, table)) throw staleInReadonly(backend, 'it has not been built yet');
  const { index, created } = openBackendIndex(db, backend, towerRowId, dim);

  const sync = new VectorIndexSync(db);
  const reason = created ? 'it is new' : staleReason(index, backend, sync.syncedBackend(towerRowId), embeddings.countEmbeddings(towerRowId));
  if (reason !== undefined) {
    if (db.readonly) throw staleInReadonly(backend, reason);
    db.transaction(() => {
      index.rebuildFrom(embeddings.iterateEmbeddings(towerRowId));
      sync.markSynced(towerRowId, backend);
    });
  }
  return index;
}

/** Why an existing index cannot be trusted, or undefined when it can. */
function staleReason(index: BackendIndex, backend: VectorBackendName, syncedBackend: VectorBackendName | undefined, embeddingCount: number): string | undefined {
  if (syncedBackend !== backend) return 'another backend was in use';
  if (index.count() !== embeddingCount) return 'it disagrees with the stored embeddings';
  if (!index.isIntact()) return 'it is damaged';
  return undefined;
}

function openBackendIndex(db: LibraryDb, backend: VectorBackendName, towerRowId: number, dim: number): { index: BackendIndex; created: boolean } {
  return backend === 'vss' ? VssIndex.open(db, towerRowId, dim) : VecIndex.open(db, towerRowId, dim);
}

function staleInReadonly(backend: VectorBackendName, reason: string): LumenFailure {
  return new LumenFailure(
    'vector-index-stale',
    `the ${backend} vector index needs rebuilding (${reason}), which a read-only library cannot do; open it once without read-only mode`,
  );
}
