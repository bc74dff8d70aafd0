import { fork, type ChildProcess } from 'node:child_process';
import { LumenFailure } from '../../../../../src-common/result';
import { EmbeddingRepository } from '../../embedding-repository';
import type { LibraryDb } from '../../library-db';
import { tableExists } from '../index-table';
import type { IvfBuildOptions } from '../ivf/build-ivf';
import { IvfIndex, type IvfSearchTuning } from '../ivf/ivf-index';
import { dropIvfTablesSql } from '../ivf/ivf-lists';
import { loadVectorExtension } from '../load-vector-extension';
import { VecIndex } from '../vec-index';
import type { VectorItem } from '../vector-index';
import { VectorIndexSync } from '../vector-index-sync';
import type { Result } from '../../../../../src-common/result';
import { ChannelClient } from '../../../../../src-common/channel';
import { childProcessTransport } from '../../../ipc/process-transport';
import type { RebuildCalls, RebuildJob } from './rebuild-protocol';
import {
  beginRebuildRecord,
  changedPhotoIds,
  dropRebuildLeftovers,
  endRebuildRecord,
  forgetRunningRebuild,
  ivfRebuildTable,
  newRebuildToken,
  readRebuildRecord,
  type RebuildTarget,
} from './rebuild-state';
import { resolveRebuildWorkerEntry } from './rebuild-worker-entry';

export type RebuildOutcome =
  /** The new layout is in place and serving. */
  | { status: 'swapped'; target: RebuildTarget }
  /** The worker or the swap failed; the previous index still serves and its leftovers were dropped. */
  | { status: 'failed'; target: RebuildTarget; reason: string }
  /** Stopped by dispose/close; the previous index still serves (leftovers are dropped now or at the next open). */
  | { status: 'cancelled'; target: RebuildTarget };

export type SwappableIndex = IvfIndex | VecIndex;

export interface BackgroundRebuildParams {
  db: LibraryDb;
  towerRowId: number;
  dim: number;
  target: RebuildTarget;
  ivfSearch: IvfSearchTuning;
  ivfBuild: IvfBuildOptions;
  /**
   * Awaited once the worker has built the new layout, before the swap; the worker stays alive (and
   * can still fail) meanwhile. Tests land writes "during" a rebuild deterministically through it.
   */
  beforeSwap?: () => Promise<void>;
  /** Called inside the swap transaction's success path with the new index; the caller retires the old one. */
  install: (index: SwappableIndex) => void;
  /** Called when the rebuild has settled, before `done` resolves. */
  onSettled?: (outcome: RebuildOutcome) => void;
}

/** Photos re-read from `embeddings` per write while applying the changes logged during the rebuild. */
const CHANGES_PER_WRITE = 500;

/**
 * One background rebuild of a tower's `vec` index, owned by this process:
 * 1. records the rebuild and installs triggers logging every later change to the tower's embeddings (one transaction);
 * 2. forks the rebuild worker, which reads `embeddings` and writes the new layout under a temporary name;
 * 3. when it reports `built`, swaps in one short transaction: applies the logged changes (re-read from
 *    `embeddings`, the source of truth), drops the old layout, renames the new tables into place,
 *    checks the count against `embeddings` and marks the tower synced.
 * Anything going wrong before the swap commits leaves the previous index serving, untouched; leftovers
 * are dropped at once, or, after a crash of this process, by the next `openVectorIndex`.
 */
export class BackgroundRebuild {
  readonly target: RebuildTarget;
  /** Settles (never rejects) once the rebuild was swapped in, failed or was cancelled. */
  readonly done: Promise<RebuildOutcome>;
  private readonly token = newRebuildToken();
  private child: ChildProcess | undefined;
  private built = false;
  private settled = false;
  private cancelled = false;
  private workerFailure: string | undefined;
  private resolveDone!: (outcome: RebuildOutcome) => void;

  private constructor(private readonly params: BackgroundRebuildParams) {
    this.target = params.target;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Starts the rebuild; the caller has checked that no other one runs for this tower. */
  static start(params: BackgroundRebuildParams): BackgroundRebuild {
    const { db } = params;
    if (db.readonly) throw new LumenFailure('vector-index-stale', 'a read-only library cannot rebuild its vector index');
    const rebuild = new BackgroundRebuild(params);
    beginRebuildRecord(db, params.towerRowId, params.target, rebuild.token);
    try {
      rebuild.fork();
    } catch (error) {
      rebuild.finish({ status: 'failed', target: params.target, reason: `cannot start the rebuild worker: ${describe(error)}` });
    }
    return rebuild;
  }

  /** The worker's process id while it runs (tests kill it the way a crash would). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !this.settled;
  }

  /**
   * Stops the worker (SIGKILL: its writes are only to tables nobody reads) and drops its leftovers
   * once it has exited. Resolves with the outcome; a rebuild that already settled keeps its own.
   */
  cancel(): Promise<RebuildOutcome> {
    if (!this.settled) {
      this.cancelled = true;
      if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
      else this.finish({ status: 'cancelled', target: this.target });
    }
    return this.done;
  }

  /** Like `cancel`, without waiting: leftovers are dropped now if possible, else by the next open. */
  cancelNow(): void {
    if (this.settled) return;
    this.cancelled = true;
    this.child?.kill('SIGKILL');
    this.finish({ status: 'cancelled', target: this.target });
  }

  private fork(): void {
    const { db, towerRowId, dim, target } = this.params;
    const entry = resolveRebuildWorkerEntry();
    const child = fork(entry.script, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    const channel = new ChannelClient<RebuildCalls>(childProcessTransport(child), 'the rebuild worker');
    child.on('error', (error) => this.onWorkerGone(`the rebuild worker failed: ${error.message}`));
    child.on('exit', (code, signal) => {
      channel.fail({ code: 'worker-exited', message: `the rebuild worker stopped (${signal ?? `exit code ${code}`})` });
      this.onWorkerGone(`the rebuild worker stopped (${signal ?? `exit code ${code}`})`);
    });
    const job: RebuildJob = {
      type: 'build',
      libraryDir: db.dir,
      towerRowId,
      dim,
      target,
      ivfTable: ivfRebuildTable(towerRowId, this.token),
      ivfBuild: this.params.ivfBuild,
    };
    void channel.call('build', job).then((answer) => this.onAnswer(answer));
  }

  private onAnswer(answer: Result<{ vectors: number }>): void {
    if (this.settled) return;
    if (answer.ok) return void this.onBuilt();
    // The worker's own failure names the cause; its exit (it is disconnected now) finishes the rebuild with it.
    if (answer.error.code !== 'worker-exited') this.workerFailure = answer.error.message;
    if (this.child?.connected) this.child.disconnect();
  }

  private async onBuilt(): Promise<void> {
    if (this.params.beforeSwap) {
      try {
        await this.params.beforeSwap();
      } catch (error) {
        this.finish({ status: 'failed', target: this.target, reason: `before swapping in the rebuilt index: ${describe(error)}` });
        return;
      }
      if (this.settled) return; // the worker died or the rebuild was cancelled meanwhile
    }
    this.built = true;
    this.child?.disconnect(); // the worker exits; it closed its connection before reporting
    this.swapWhenIdle();
  }

  private onWorkerGone(reason: string): void {
    if (this.settled || this.built) return;
    if (this.cancelled) this.finish({ status: 'cancelled', target: this.target });
    else this.finish({ status: 'failed', target: this.target, reason: this.workerFailure ?? reason });
  }

  /** Swaps at the next turn of the event loop where this connection is not inside a transaction. */
  private swapWhenIdle(): void {
    const { db } = this.params;
    if (this.settled) return;
    if (this.cancelled || !db.isOpen) {
      this.finish({ status: 'cancelled', target: this.target });
      return;
    }
    if (db.connection.inTransaction) {
      setImmediate(() => this.swapWhenIdle());
      return;
    }
    try {
      const index = db.transaction(() => this.swap());
      this.params.install(index);
      this.settle({ status: 'swapped', target: this.target });
    } catch (error) {
      this.finish({ status: 'failed', target: this.target, reason: `swapping in the rebuilt index failed: ${describe(error)}` });
    }
  }

  /** The swap transaction; throwing rolls everything back and the old index keeps serving. */
  private swap(): SwappableIndex {
    const { db, towerRowId, dim, target } = this.params;
    const record = readRebuildRecord(db, towerRowId);
    if (record?.token !== this.token) throw new Error('the rebuild record was replaced (another process recovered or rebuilt this index)');
    const changed = changedPhotoIds(db, towerRowId);
    endRebuildRecord(db, towerRowId);

    const ivfTable = IvfIndex.tableName(towerRowId);
    const vecTable = VecIndex.tableName(towerRowId);
    let index: SwappableIndex;
    if (target === 'ivf') {
      const built = ivfRebuildTable(towerRowId, this.token);
      if (!tableExists(db, `${built}_meta`)) throw new Error(`the rebuilt tables ${built}* are missing`);
      if (tableExists(db, vecTable)) {
        loadVectorExtension(db.connection, 'vec'); // dropping a vec0 table needs its module
        db.connection.exec(`DROP TABLE "${vecTable}"`);
      }
      db.connection.exec(dropIvfTablesSql(ivfTable));
      for (const suffix of ['', '_members', '_meta']) db.connection.exec(`ALTER TABLE "${built}${suffix}" RENAME TO "${ivfTable}${suffix}"`);
      const opened = IvfIndex.open(db, towerRowId, dim, this.params.ivfSearch, this.params.ivfBuild);
      if (opened.created) throw new Error(`the rebuilt IVF tables of ${ivfTable} are unreadable`);
      index = opened.index;
    } else {
      if (!tableExists(db, vecTable)) throw new Error(`the rebuilt table ${vecTable} is missing`);
      db.connection.exec(dropIvfTablesSql(ivfTable));
      loadVectorExtension(db.connection, 'vec');
      index = VecIndex.open(db, towerRowId, dim).index;
    }

    applyChanges(db, index, towerRowId, changed);
    const expected = new EmbeddingRepository(db).countEmbeddings(towerRowId);
    const actual = index.count();
    if (actual !== expected) throw new Error(`the rebuilt index holds ${actual} vectors but the library has ${expected}`);
    new VectorIndexSync(db).markSynced(towerRowId, 'vec');
    return index;
  }

  /** Ends a rebuild that did not swap: drops its leftovers if the connection allows, then settles. */
  private finish(outcome: RebuildOutcome): void {
    if (this.settled) return;
    const { db, towerRowId } = this.params;
    this.child?.kill('SIGKILL');
    const ownsRecord = (): boolean => readRebuildRecord(db, towerRowId)?.token === this.token;
    try {
      if (db.isOpen && !db.readonly && !db.connection.inTransaction && ownsRecord()) dropRebuildLeftovers(db, towerRowId);
    } catch {
      // Busy or closed: the next open drops them (the record names this process, which no longer runs it).
    }
    this.settle(outcome);
  }

  private settle(outcome: RebuildOutcome): void {
    if (this.settled) return;
    this.settled = true;
    forgetRunningRebuild(this.params.db, this.params.towerRowId, this.token);
    this.params.onSettled?.(outcome);
    this.resolveDone(outcome);
  }
}

/** Brings the new index up to date with the photos whose embedding changed while it was built. */
function applyChanges(db: LibraryDb, index: SwappableIndex, towerRowId: number, photoIds: readonly number[]): void {
  const embeddings = new EmbeddingRepository(db);
  for (let start = 0; start < photoIds.length; start += CHANGES_PER_WRITE) {
    const upserts: VectorItem[] = [];
    const removals: number[] = [];
    for (const photoId of photoIds.slice(start, start + CHANGES_PER_WRITE)) {
      const vector = embeddings.getEmbedding(photoId, towerRowId);
      if (vector) upserts.push({ photoId, vector });
      else removals.push(photoId);
    }
    index.remove(removals);
    index.upsert(upserts);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
