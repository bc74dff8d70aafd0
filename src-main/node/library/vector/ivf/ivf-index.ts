import type { LibraryDb } from '../../library-db';
import { exactSearchAmong, exactSimilarities } from '../exact-search';
import { towerTableName } from '../index-table';
import { hitFromSquaredDistance, hitLimit, toUnitVector, unitVectorsByPhoto } from '../unit-vector';
import { type VectorHit, type VectorIndex, type VectorItem, type VectorItems, type VectorSearchOptions } from '../vector-index';
import { buildIvf, type IvfBuildOptions } from './build-ivf';
import { dotFloat } from './dot-product';
import { IvfListStore, type IvfList } from './ivf-lists';
import { CODE_FORMAT, codeBytes, encodeResidual, queryTable, residualScore, type ResidualQuantizer } from './residual-codes';
import { nearestRow } from './spherical-kmeans';
import { TopK } from './top-k';

export interface IvfSearchTuning {
  /** Fraction of the lists probed per query (at least `minProbes`). */
  probeFraction: number;
  /**
   * Large indexes probe a smaller share: the probe count grows with `probeFraction` until it
   * reaches what that share gives at `largeFromLists` lists (≈ 250k photos with √N lists), stays
   * there, and grows again with `largeProbeFraction` once that is more. Measured at 1M × 512-d
   * (docs/BENCHMARKS.md): 1/24 of 1000 lists gives recall@10 0.996 at 61 ms of CPU, 1/48 gives
   * 0.982 at 32 ms, inside the 50 ms goal.
   */
  largeProbeFraction: number;
  largeFromLists: number;
  minProbes: number;
  /** Candidates kept from the code scan and re-scored with the stored embeddings: about limit × factor, at least minRescore. */
  rescoreFactor: number;
  minRescore: number;
  /**
   * An unfiltered search also re-scores at least this share of the candidates its planned probes
   * scan: 4-bit codes rank the 10 nearest of a large, tight group of photos less surely than int8
   * codes did. Measured at 1M × 512-d (21 probes, 21 000 scanned): re-scoring 100 gave recall@10
   * 0.963, 2% (420) 0.983, every candidate 0.983 (docs/BENCHMARKS.md).
   */
  rescoreShare: number;
  /**
   * Filtered searches over more candidates than this never score them all exactly; at or below it,
   * `exactCostInChecks` decides (see `filteredSearchPlan`).
   */
  exactCandidateLimit: number;
  /**
   * What scoring one candidate exactly costs (its embedding row read through SQLite, then a dot
   * product), in units of what a filtered probe spends per photo of a list it scans (a set lookup,
   * and the code score of the few that pass). Measured at 100k × 512-d: 1000 candidates took 7.2 ms
   * of CPU exactly, and a probe's cost grew by ≈25 ns per photo scanned (docs/BENCHMARKS.md).
   */
  exactCostInChecks: number;
  /**
   * A filtered search keeps probing (in centroid order) until it has seen this many times the
   * re-scoring shortlist among the candidates: the planned probes alone hold few of them when the
   * filter is selective, and recall suffers (0.94 at 1M photos and a 1% folder). Probing costs
   * little here, since only candidates are scored.
   */
  filteredSeenFactor: number;
  /**
   * A filtered search probes this many times the planned lists: the filter's best matches rank
   * further down the unfiltered order (the 10th of a 10% filter is near the 100th overall), and a
   * probe costs little when only candidates are scored.
   */
  filteredProbeFactor: number;
}

const MAX_EXTRA_RESCORE = 1000;

export const DEFAULT_IVF_SEARCH: IvfSearchTuning = {
  probeFraction: 1 / 24,
  largeProbeFraction: 1 / 48,
  largeFromLists: 500,
  minProbes: 8,
  rescoreFactor: 10,
  minRescore: 100,
  rescoreShare: 0.02,
  exactCandidateLimit: 2_000,
  exactCostInChecks: 250,
  filteredSeenFactor: 4,
  filteredProbeFactor: 2,
};

/** SQLite's page cache of a library connection that searches the IVF index, in KiB (allocated as pages are read). */
const PAGE_CACHE_KIB = 65_536;

/**
 * Re-scoring reads a few hundred embeddings at random; each read walks `embeddings_by_tower` (15 MB
 * at 1M photos) and the members table before the row's page. SQLite's default 2 MB cache kept
 * neither, so each candidate cost three 32 KB page reads instead of one (1M × 512-d: 400 re-scored
 * took 34 ms of CPU instead of 25). Raises the connection's cache, never lowers it.
 */
function keepEmbeddingLookupsCached(db: LibraryDb): void {
  const current = db.connection.pragma('cache_size', { simple: true }) as number;
  const pageSize = db.connection.pragma('page_size', { simple: true }) as number;
  const currentKib = current < 0 ? -current : (current * pageSize) / 1024;
  if (currentKib < PAGE_CACHE_KIB) db.connection.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
}

/** What a filtered search is about to cost, to choose between scoring its candidates exactly and probing for them. */
export interface FilteredSearchCase {
  /** Photos the filter leaves. */
  candidates: number;
  /** Photos the index holds (an estimate will do). */
  photos: number;
  listCount: number;
  /** Lists a filtered search probes at least. */
  plannedProbes: number;
  /** Candidates a probe keeps and re-scores exactly. */
  rescoreCount: number;
}

/**
 * Score the candidates exactly, or probe lists for them. A probe scans lists in centroid order until
 * it has seen `filteredSeenFactor` × the re-scoring shortlist among the candidates: with candidates
 * spread over the lists, that is a share seen / candidates of the photos (at least the planned
 * probes' share), each checked against the filter, then the shortlist is re-scored exactly. Exact
 * scoring reads every candidate's embedding. At 100k photos a 1% folder (1000 photos) is probed
 * (measured: 7.2 ms of CPU exactly, 3.3 ms probing, both recall 1.0); at 1M photos, where a probe
 * scans ten times as many photos for the same share, about 1300 candidates or fewer are scored exactly.
 */
export function filteredSearchPlan(search: FilteredSearchCase, tuning: IvfSearchTuning): 'exact' | 'probe' {
  if (search.candidates > tuning.exactCandidateLimit) return 'probe';
  const enoughSeen = search.rescoreCount * tuning.filteredSeenFactor;
  const scannedShare = Math.min(1, Math.max(search.plannedProbes / Math.max(1, search.listCount), enoughSeen / Math.max(1, search.candidates)));
  const probeCost = search.photos * scannedShare + Math.min(search.rescoreCount, search.candidates) * tuning.exactCostInChecks;
  const exactCost = search.candidates * tuning.exactCostInChecks;
  return exactCost <= probeCost ? 'exact' : 'probe';
}

/** How many lists a query probes in an index of `listCount` lists. */
export function plannedProbeCount(listCount: number, tuning: IvfSearchTuning): number {
  // Non-decreasing in listCount, so a growing library never loses probes.
  const plateau = tuning.largeFromLists * tuning.probeFraction;
  const wanted = Math.max(listCount * tuning.largeProbeFraction, Math.min(listCount * tuning.probeFraction, plateau));
  return Math.min(listCount, Math.max(tuning.minProbes, Math.ceil(wanted - 1e-9)));
}

/**
 * In-process IVF over 4-bit residual codes, stored in SQLite (Lumen's approximate index for large
 * libraries). Vectors are grouped into ≈√N lists around trained centroids; a query scans only the
 * lists whose centroids are closest (≈2–4% of the library), ranks them by code (residual-codes.ts),
 * and re-scores the best candidates against the stored float32 embeddings (the `embeddings` table,
 * the only float32 copy), so reported similarities are exact and recall depends on the probes. The
 * index holds dim / 2 bytes per vector: 0.125 × the raw float32 vectors. It needs no extension and
 * is portable (sqlite-vss has no Windows build). Lists are read lazily, so opening costs nothing
 * until the first search touches its probes; all lists cached cost N × dim / 2 bytes (256 MB at
 * 1M × 512-d). Updates assign vectors to the nearest existing centroid and code them on the trained
 * grid; the centroids are retrained by a rebuild when the library has outgrown them (see
 * `chooseVectorLayout`). An untrained index (built empty) has one list: a flat scan of codes.
 * The photos it holds must have their embedding stored (as the indexer does, in the same
 * transaction); one without keeps its approximate score.
 */
export class IvfIndex implements VectorIndex {
  readonly backend = 'vec';
  readonly kind = 'ivf';
  private readonly store: IvfListStore;
  private centroidCache: Float32Array | undefined;
  private quantizerCache: ResidualQuantizer | undefined;
  private trainedOnCache: number | undefined;
  private readonly listCache = new Map<number, IvfList>();
  private seenDataVersion: number;
  /** Serial of the transaction this object wrote in: while it is open, SQL holds uncommitted lists that must not be cached. */
  private writeTransaction: number | undefined;
  private disposed = false;

  private constructor(
    private readonly db: LibraryDb,
    towerRowId: number,
    readonly dim: number,
    private readonly tuning: IvfSearchTuning,
    private readonly buildOptions: IvfBuildOptions,
  ) {
    this.store = new IvfListStore(db, IvfIndex.tableName(towerRowId), dim, towerRowId);
    this.seenDataVersion = this.dataVersion();
  }

  static tableName(towerRowId: number): string {
    return towerTableName('ivf_tower', towerRowId);
  }

  static open(
    db: LibraryDb,
    towerRowId: number,
    dim: number,
    tuning: IvfSearchTuning = DEFAULT_IVF_SEARCH,
    build: IvfBuildOptions = {},
  ): { index: IvfIndex; created: boolean } {
    keepEmbeddingLookupsCached(db);
    const index = new IvfIndex(db, towerRowId, dim, tuning, build);
    const stored = index.store.storedLayout();
    const usable = stored?.dim === dim && stored.format === CODE_FORMAT;
    if (!usable && !db.readonly) {
      // A tower's dim never changes, and migrations convert older code formats: a mismatch is a leftover, start over.
      db.connection.exec(index.store.dropSql() + index.store.createSql());
      index.store.initialize();
    }
    return { index, created: !usable };
  }

  get table(): string {
    return this.store.table;
  }

  /** How many vectors the centroids were trained on (0: untrained, one list). */
  trainedOn(): number {
    this.beginOperation();
    return this.store.trainedOn();
  }

  upsert(items: ReadonlyArray<VectorItem>): void {
    this.beginOperation();
    const vectors = unitVectorsByPhoto(items, this.dim);
    if (vectors.size === 0) return;
    this.db.transaction(() => {
      const centroids = this.ensureCentroids(vectors.values().next().value as Float32Array);
      const listCount = centroids.length / this.dim;
      const previous = this.store.listsOf([...vectors.keys()]);
      const added = new Map<number, { photoId: number; unit: Float32Array }[]>();
      for (const [photoId, unit] of vectors) {
        const listId = nearestRow(centroids, 0, listCount, this.dim, unit, 0);
        added.set(listId, [...(added.get(listId) ?? []), { photoId, unit }]);
        this.store.setMember(photoId, listId);
      }
      const touched = new Set([...previous.values(), ...added.keys()]);
      const removedIds = new Set(previous.keys());
      for (const listId of touched) this.rewriteList(listId, removedIds, added.get(listId) ?? []);
    });
    this.noteWrite();
  }

  remove(photoIds: readonly number[]): void {
    this.beginOperation();
    if (photoIds.length === 0) return;
    this.db.transaction(() => {
      const previous = this.store.listsOf(photoIds);
      const removed = new Set(previous.keys());
      for (const photoId of removed) this.store.deleteMember(photoId);
      for (const listId of new Set(previous.values())) this.rewriteList(listId, removed, []);
    });
    this.noteWrite();
  }

  search(query: Float32Array, limit: number, options: VectorSearchOptions = {}): VectorHit[] {
    this.beginOperation();
    const unitQuery = toUnitVector(query, this.dim, 'the query vector');
    const k = hitLimit(limit, Number.MAX_SAFE_INTEGER);
    const among = options.amongPhotoIds;
    if (k === 0 || among?.size === 0) return [];

    const centroids = this.centroids();
    const listCount = centroids.length / this.dim;
    if (listCount === 0) return [];
    // Re-scoring reads each candidate's stored embedding (several µs each): extra candidates are capped.
    const forLimit = k + Math.min(k * (this.tuning.rescoreFactor - 1), MAX_EXTRA_RESCORE);
    const plannedProbes = Math.min(listCount, plannedProbeCount(listCount, this.tuning) * (among ? this.tuning.filteredProbeFactor : 1));
    if (among) {
      const rescoreCount = Math.max(this.tuning.minRescore, forLimit);
      const plan = filteredSearchPlan({ candidates: among.size, photos: this.estimatedPhotos(listCount), listCount, plannedProbes, rescoreCount }, this.tuning);
      if (plan === 'exact') return exactSearchAmong(this.db, this.store.vectorSource(), unitQuery, among, k);
    }

    const probeOrder = new TopK(listCount);
    for (let c = 0; c < listCount; c++) probeOrder.offer(c, dotFloat(centroids, c * this.dim, unitQuery, 0, this.dim));
    const order = probeOrder.sorted();
    const table = queryTable(this.quantizer(), unitQuery);
    const bytes = codeBytes(this.dim);
    let planned = 0;
    if (!among) for (const { id } of order.slice(0, plannedProbes)) planned += this.list(id).photoIds.length;
    const forScan = Math.min(Math.ceil(planned * this.tuning.rescoreShare), k + MAX_EXTRA_RESCORE);
    const rescoreCount = Math.max(this.tuning.minRescore, forLimit, forScan);

    const candidates = new TopK(rescoreCount);
    const enoughSeen = rescoreCount * this.tuning.filteredSeenFactor;
    let seen = 0;
    let probed = 0;
    for (const { id: listId, score: centroidScore } of order) {
      // With a filter, keep probing (in centroid order) until enough candidates were seen.
      if (probed >= plannedProbes && (!among || seen >= enoughSeen)) break;
      const { photoIds, codes } = this.list(listId);
      for (let i = 0; i < photoIds.length; i++) {
        const photoId = photoIds[i] as number;
        if (among && !among.has(photoId)) continue;
        seen++;
        candidates.offer(photoId, centroidScore + residualScore(table, codes, i * bytes));
      }
      probed++;
    }
    return this.rescore(unitQuery, candidates, k);
  }

  /** The photos the centroids were trained on (lists are ≈ √ of them); an untrained index's one list is read. */
  private estimatedPhotos(listCount: number): number {
    this.trainedOnCache ??= this.store.trainedOn();
    if (this.trainedOnCache > 0) return this.trainedOnCache;
    return listCount === 1 ? this.list(0).photoIds.length : listCount * listCount;
  }

  count(): number {
    this.beginOperation();
    return this.store.count();
  }

  /** Trains the centroids and the code grid on these vectors and fills the lists (in one transaction). */
  rebuildFrom(embeddings: VectorItems): void {
    this.beginOperation();
    this.db.transaction(() => {
      this.db.connection.exec(this.store.dropSql() + this.store.createSql());
      this.store.initialize();
      buildIvf(this.store, embeddings, this.buildOptions);
    });
    this.noteWrite();
  }

  /** Its tables are plain SQL, written in the caller's transactions: nothing can drift. */
  isIntact(): boolean {
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.listCache.clear();
    this.centroidCache = undefined;
    this.quantizerCache = undefined;
    this.trainedOnCache = undefined;
  }

  /** Exact scores for the shortlist, from the stored embeddings (a photo without one keeps its code's score). */
  private rescore(unitQuery: Float32Array, candidates: TopK, k: number): VectorHit[] {
    const shortlist = candidates.sorted();
    const exact = new Map<number, number>();
    exactSimilarities(
      this.db,
      this.store.vectorSource(),
      unitQuery,
      shortlist.map((c) => c.id),
      (photoId, similarity) => exact.set(photoId, similarity),
    );
    const best = new TopK(k);
    for (const { id, score } of shortlist) best.offer(id, exact.get(id) ?? Math.max(-1, Math.min(1, score)));
    return best.sorted().map(({ id, score }) => hitFromSquaredDistance(id, 2 - 2 * score));
  }

  private rewriteList(listId: number, removedIds: ReadonlySet<number>, added: readonly { photoId: number; unit: Float32Array }[]): void {
    const old = this.store.readList(listId);
    const bytes = codeBytes(this.dim);
    const keep: number[] = [];
    old.photoIds.forEach((photoId, i) => {
      if (!removedIds.has(photoId)) keep.push(i);
    });
    const photoIds = new Float64Array(keep.length + added.length);
    const codes = new Uint8Array(photoIds.length * bytes);
    keep.forEach((i, row) => {
      photoIds[row] = old.photoIds[i] as number;
      codes.set(old.codes.subarray(i * bytes, (i + 1) * bytes), row * bytes);
    });
    const centroids = this.centroids();
    const quantizer = this.quantizer();
    added.forEach(({ photoId, unit }, j) => {
      photoIds[keep.length + j] = photoId;
      encodeResidual(quantizer, unit, centroids, listId * this.dim, codes, (keep.length + j) * bytes);
    });
    this.store.replaceList(listId, { photoIds, codes });
    this.listCache.delete(listId);
  }

  /** An untrained index gets one list, centred on the first vector it sees. */
  private ensureCentroids(first: Float32Array): Float32Array {
    const centroids = this.centroids();
    if (centroids.length > 0) return centroids;
    this.store.writeList(0, first, { photoIds: new Float64Array(0), codes: new Uint8Array(0) });
    this.centroidCache = undefined;
    return this.centroids();
  }

  private centroids(): Float32Array {
    if (this.centroidCache) return this.centroidCache;
    const centroids = this.store.centroids();
    if (!this.hasPendingWrites()) this.centroidCache = centroids;
    return centroids;
  }

  private quantizer(): ResidualQuantizer {
    if (this.quantizerCache) return this.quantizerCache;
    const quantizer = this.store.quantizer();
    if (!this.hasPendingWrites()) this.quantizerCache = quantizer;
    return quantizer;
  }

  private list(listId: number): IvfList {
    const cached = this.listCache.get(listId);
    if (cached) return cached;
    const list = this.store.readList(listId);
    if (!this.hasPendingWrites()) this.listCache.set(listId, list);
    return list;
  }

  private beginOperation(): void {
    if (this.disposed) throw new Error(`the IVF index ${this.store.table} was disposed`);
    const version = this.dataVersion();
    // Another connection committed, or our own transaction ended (committed or rolled back): cached lists may be stale.
    if (version !== this.seenDataVersion || (this.writeTransaction !== undefined && !this.hasPendingWrites())) {
      this.listCache.clear();
      this.centroidCache = undefined;
      this.quantizerCache = undefined;
      this.trainedOnCache = undefined;
      this.seenDataVersion = version;
      this.writeTransaction = undefined;
    }
  }

  private noteWrite(): void {
    this.listCache.clear();
    this.centroidCache = undefined;
    this.quantizerCache = undefined;
    this.trainedOnCache = undefined;
    this.writeTransaction = this.db.connection.inTransaction ? this.db.transactionSerial : undefined;
  }

  private hasPendingWrites(): boolean {
    return this.writeTransaction !== undefined && this.db.connection.inTransaction && this.writeTransaction === this.db.transactionSerial;
  }

  private dataVersion(): number {
    return this.db.connection.pragma('data_version', { simple: true }) as number;
  }
}
