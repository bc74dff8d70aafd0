/**
 * The vector rebuild worker: a child process that builds a tower's next index layout (trains IVF
 * centroids, encodes and writes the lists, or fills an exact vec0 table) through its own connection,
 * so the owning process keeps serving searches on the current index meanwhile. It writes in small
 * transactions, releasing SQLite's write lock between them, and never touches the index in use:
 * the owner swaps the result in (see background-rebuild.ts). Started by BackgroundRebuild over IPC.
 */
import { EmbeddingRepository } from '../../embedding-repository';
import { LibraryDb } from '../../library-db';
import { buildIvf, type WriteObserver } from '../ivf/build-ivf';
import { IvfListStore } from '../ivf/ivf-lists';
import { loadVectorExtension } from '../load-vector-extension';
import { VecIndex } from '../vec-index';
import type { VectorItem } from '../vector-index';
import { ChannelServer } from '../../../../../src-common/channel';
import { parentProcessTransport } from '../../../ipc/process-transport';
import type { RebuildCalls, RebuildJob } from './rebuild-protocol';

/** Vectors written per transaction: ≈2 MB at 512-d, a few ms of holding the write lock. */
const VECTORS_PER_COMMIT = 1000;

/** Runs `work` in write transactions of about VECTORS_PER_COMMIT vectors each. */
function inBatches(db: LibraryDb, work: (onWrite: WriteObserver) => void): void {
  const connection = db.connection;
  let pending = 0;
  connection.exec('BEGIN IMMEDIATE');
  try {
    work((vectors) => {
      pending += vectors;
      if (pending < VECTORS_PER_COMMIT) return;
      connection.exec('COMMIT');
      connection.exec('BEGIN IMMEDIATE');
      pending = 0;
    });
    connection.exec('COMMIT');
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  }
}

/** Builds the job's layout and returns how many vectors it holds. */
function build(db: LibraryDb, job: RebuildJob): number {
  const embeddings = new EmbeddingRepository(db);
  if (job.target === 'ivf') {
    const store = new IvfListStore(db, job.ivfTable, job.dim, job.towerRowId);
    db.connection.exec(store.dropSql() + store.createSql());
    store.initialize();
    inBatches(db, (onWrite) => buildIvf(store, () => embeddings.iterateEmbeddings(job.towerRowId), job.ivfBuild, onWrite));
    return store.count();
  }
  loadVectorExtension(db.connection, 'vec');
  db.connection.exec(`DROP TABLE IF EXISTS "${VecIndex.tableName(job.towerRowId)}"`);
  const { index } = VecIndex.open(db, job.towerRowId, job.dim);
  let batch: VectorItem[] = [];
  for (const item of embeddings.iterateEmbeddings(job.towerRowId)) {
    batch.push(item);
    if (batch.length >= VECTORS_PER_COMMIT) {
      index.upsert(batch); // one transaction each
      batch = [];
    }
  }
  index.upsert(batch);
  return index.count();
}

function run(job: RebuildJob): { vectors: number } {
  const db = LibraryDb.open(job.libraryDir);
  try {
    return { vectors: build(db, job) };
  } finally {
    db.close(); // no lock held past this point: the owner may swap at once
  }
}

// The owner disconnects once it has the answer (built or failed), or dies: either way this worker is done.
process.once('disconnect', () => process.exit(0));
new ChannelServer<RebuildCalls>(
  parentProcessTransport(),
  { build: (job) => run(job) },
  // The owner records the reason in its rebuild state and log; it is about the library's own tables.
  { describeFailure: (error) => ({ code: 'rebuild-failed', message: error instanceof Error ? error.message : String(error) }) },
);
