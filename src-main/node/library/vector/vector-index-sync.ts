import type { LibraryDb } from '../library-db';
import { SQL_NOW } from '../sql-now';
import type { VectorBackendName } from './vector-index';

/** Which backend's index mirrors `embeddings` for a tower (only the backend in use receives writes). */
export class VectorIndexSync {
  constructor(private readonly db: LibraryDb) {}

  syncedBackend(towerRowId: number): VectorBackendName | undefined {
    return this.db.prepare<[number], VectorBackendName>('SELECT backend FROM vector_index_sync WHERE tower_row_id = ?').pluck().get(towerRowId);
  }

  markSynced(towerRowId: number, backend: VectorBackendName): void {
    this.db
      .prepare<[number, VectorBackendName]>(
        `INSERT INTO vector_index_sync (tower_row_id, backend, synced_at) VALUES (?, ?, ${SQL_NOW})
         ON CONFLICT (tower_row_id) DO UPDATE SET backend = excluded.backend, synced_at = excluded.synced_at`,
      )
      .run(towerRowId, backend);
  }
}
