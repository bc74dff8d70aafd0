/** The backends `npm run bench -- search` compares, each behind the same small interface, all reading the library's `embeddings`. */
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import type { LibraryDb } from '../src-main/node/library/library-db';
import { float32ToBlob } from '../src-main/node/library/vector-blob';
import { embeddingsSource, exactSearchAmong } from '../src-main/node/library/vector/exact-search';
import { loadVectorExtension } from '../src-main/node/library/vector/load-vector-extension';
import { DEFAULT_IVF_SEARCH } from '../src-main/node/library/vector/ivf/ivf-index';
import { openVectorIndex, type OpenVectorIndexOptions } from '../src-main/node/library/vector/open-vector-index';
import { FilteredRanking } from '../src-main/node/search/filtered-ranking';
import { buildPhotoFilter } from '../src-main/node/search/photo-filter';
import { calibrateMatch, matchProbability } from '../src-main/node/search/match-calibration';
import { QueryBackground } from '../src-main/node/search/query-background';
import type { VectorIndex } from '../src-main/node/library/vector/vector-index';
import { hnswlibBackend, usearchBackend } from './hnsw-backends';
import { scanTopK, type VectorSet } from './search-data';

export interface BenchBackend {
  /** Builds (or loads) the index from the stored embeddings; timed as build. */
  build(): void;
  /** Photo ids of the top k, best first, optionally only among candidates. */
  search(query: Float32Array, k: number, among?: ReadonlySet<number>): number[];
  /**
   * Filtered search as the search service runs it, from the filter itself rather than a set of ids
   * (it plans by the filter's size). Backends without it get the candidate ids through `search`.
   */
  searchFiltered?(query: Float32Array, k: number, filter: BenchFilter): number[];
  /** Tables to drop afterwards (the next backend measures its own size). */
  tables: string[];
  /** Opens the index `build` persisted, as a new process would (defaults to `build`). */
  open?(): void;
  /** Bytes of an index kept in a file of its own, outside the database. */
  externalBytes?(): number;
  /** Removes that file. */
  cleanup?(): void;
}

export type BenchFilter = { folder: string } | { from: string; to: string };

export type BackendFactory = (db: LibraryDb, towerRowId: number, dim: number) => BenchBackend;

const EXACT: OpenVectorIndexOptions = { thresholds: { ivfAtOrAbove: Number.MAX_SAFE_INTEGER, exactBelow: Number.MAX_SAFE_INTEGER, retrainGrowth: 2 } };
const IVF: OpenVectorIndexOptions = { thresholds: { ivfAtOrAbove: 0, exactBelow: 0, retrainGrowth: 2 } };
/** Lumen's IVF probing a fixed share of its lists, to see what fewer probes cost in recall and save in time. */
const ivfProbing = (probeFraction: number): OpenVectorIndexOptions => ({
  ...IVF,
  ivfSearch: { ...DEFAULT_IVF_SEARCH, probeFraction, largeProbeFraction: probeFraction },
});

function productBackend(options: OpenVectorIndexOptions, tables: (towerRowId: number) => string[]): BackendFactory {
  return (db, towerRowId, dim) => {
    let index: VectorIndex | undefined;
    return {
      build: () => {
        index = openVectorIndex(db, 'vec', towerRowId, dim, options);
      },
      search: (query, k, among) => (index as VectorIndex).search(query, k, among ? { amongPhotoIds: among } : {}).map((hit) => hit.photoId),
      tables: tables(towerRowId),
    };
  };
}

/** The baseline: every embedding in one Float32Array, scanned in JS. */
const scan: BackendFactory = (db, towerRowId, dim) => {
  let set: VectorSet = { data: new Float32Array(0), count: 0, dim };
  let photoIds = new Float64Array(0);
  let rowOf = new Map<number, number>();
  return {
    build: () => {
      const count = new EmbeddingRepository(db).countEmbeddings(towerRowId);
      set = { data: new Float32Array(count * dim), count, dim };
      photoIds = new Float64Array(count);
      let row = 0;
      for (const { photoId, vector } of new EmbeddingRepository(db).iterateEmbeddings(towerRowId)) {
        let norm = 0;
        for (const x of vector) norm += x * x;
        norm = Math.sqrt(norm);
        for (let d = 0; d < dim; d++) set.data[row * dim + d] = (vector[d] as number) / norm;
        photoIds[row++] = photoId;
      }
      rowOf = new Map([...photoIds].map((id, r) => [id, r]));
    },
    search: (query, k, among) => {
      const rows = among ? Int32Array.from([...among].map((id) => rowOf.get(id) ?? -1).filter((r) => r >= 0)) : undefined;
      return scanTopK(set, query, k, rows).map((r) => photoIds[r] as number);
    },
    tables: [],
  };
};

function unit(query: Float32Array): Buffer {
  let norm = 0;
  for (const x of query) norm += x * x;
  return float32ToBlob(query.map((x) => x / Math.sqrt(norm)));
}

/** sqlite-vec over quantized copies: `int8` ranks by int8 codes alone; `bit` takes 10× k by Hamming distance and re-scores them with float32. */
function vecQuantized(kind: 'int8' | 'bit'): BackendFactory {
  return (db, towerRowId, dim) => {
    const table = `bench_vec_${kind}_${towerRowId}`;
    const quantize = kind === 'int8' ? "vec_quantize_int8(vec_normalize(?), 'unit')" : 'vec_quantize_binary(vec_normalize(?))';
    const knn = (query: Float32Array, k: number, among?: ReadonlySet<number>) =>
      db.connection
        .prepare<[Buffer, number, ...string[]], { rowid: number }>(
          `SELECT rowid FROM "${table}" WHERE embedding MATCH ${quantize} AND k = ?${among ? ' AND rowid IN (SELECT value FROM json_each(?))' : ''} ORDER BY distance`,
        )
        .all(unit(query), k, ...(among ? [JSON.stringify([...among])] : []))
        .map((row) => row.rowid);
    return {
      build: () => {
        loadVectorExtension(db.connection, 'vec');
        db.connection.exec(`DROP TABLE IF EXISTS "${table}"; CREATE VIRTUAL TABLE "${table}" USING vec0(embedding ${kind}[${dim}])`);
        const insert = `INSERT INTO "${table}" (rowid, embedding) SELECT photo_id, ${quantize.replace('?', 'vector')} FROM embeddings WHERE tower_row_id = ${towerRowId}`;
        db.transaction(() => db.connection.exec(insert));
      },
      search: (query, k, among) => {
        if (kind === 'int8') return knn(query, k, among);
        const shortlist = knn(query, Math.min(4096, k * 10), among);
        return exactSearchAmong(db, embeddingsSource(towerRowId), new Float32Array(unit(query).buffer.slice(0)), shortlist, k).map((hit) => hit.photoId);
      },
      tables: [table],
    };
  };
}

/** sqlite-vss with a Faiss factory; IVF factories are trained first on a sample (timed with the build). */
function vss(factory: (count: number) => string, trainsOn: (count: number) => number): BackendFactory {
  return (db, towerRowId, dim) => {
    const table = `bench_vss_${towerRowId}`;
    return {
      build: () => {
        loadVectorExtension(db.connection, 'vss');
        loadVectorExtension(db.connection, 'vec'); // for vec_normalize
        const count = new EmbeddingRepository(db).countEmbeddings(towerRowId);
        db.connection.exec(`DROP TABLE IF EXISTS "${table}"; CREATE VIRTUAL TABLE "${table}" USING vss0(embedding(${dim}) factory="${factory(count)}")`);
        const source = `FROM embeddings WHERE tower_row_id = ${towerRowId}`;
        const training = trainsOn(count);
        if (training > 0)
          db.transaction(() =>
            db.connection.exec(
              `INSERT INTO "${table}" (operation, embedding) SELECT 'training', vec_normalize(vector) ${source} ORDER BY random() LIMIT ${training}`,
            ),
          );
        db.transaction(() => db.connection.exec(`INSERT INTO "${table}" (rowid, embedding) SELECT photo_id, vec_normalize(vector) ${source}`));
      },
      search: (query, k, among) => {
        if (among) return exactSearchAmong(db, embeddingsSource(towerRowId), new Float32Array(unit(query).buffer.slice(0)), among, k).map((hit) => hit.photoId);
        return db.connection
          .prepare<[Buffer, number], { rowid: number }>(`SELECT rowid FROM "${table}" WHERE vss_search(embedding, vss_search_params(?, ?))`)
          .all(unit(query), k)
          .map((row) => row.rowid);
      },
      tables: [table],
    };
  };
}

/**
 * Lumen's whole ranking path: the IVF index under FilteredRanking, which the search service uses.
 * A filter that leaves few photos (≤ 20 000) scores them all exactly; a broad one asks the index
 * for more neighbours until enough pass. Same index tables as `ivf (Lumen)`.
 */
const ivfTables = (t: number) => [`ivf_tower_${t}`, `ivf_tower_${t}_members`, `ivf_tower_${t}_meta`];

/** CLIP's rule (logit scale 100), as a ViT-B/32 library has it. */
const CLIP_RULE = { kind: 'softmax', scale: 100, bias: 0, source: 'family-default' } as const;

/**
 * With `calibrated`, also the step that turns cosines into one calibrated score: the query's
 * cosines with a fixed sample of the library (primary-key lookups) give its background, and each
 * hit's probability is ranked by. Measured beside the plain ranking to show what it costs per query.
 */
const lumenSearchService =
  (calibrated: boolean): BackendFactory =>
  (db, towerRowId, dim) => {
    let ranking: FilteredRanking | undefined;
    const background = new QueryBackground(db, towerRowId);
    const rank = (query: Float32Array, k: number, filter: BenchFilter | null) => {
      const photoFilter = filter
        ? buildPhotoFilter(db, { filters: 'folder' in filter ? { folders: [filter.folder] } : { from: filter.from, to: filter.to } })
        : null;
      const { ranked } = (ranking as FilteredRanking).rank(query, photoFilter, k);
      if (!calibrated) return ranked.map((hit) => hit.photoId);
      const calibration = calibrateMatch(CLIP_RULE, background.scores(query));
      return ranked
        .map((hit) => ({ photoId: hit.photoId, match: matchProbability(calibration, hit.score) }))
        .sort((x, y) => y.match - x.match)
        .map((hit) => hit.photoId);
    };
    return {
      build: () => {
        ranking = new FilteredRanking(db, openVectorIndex(db, 'vec', towerRowId, dim, IVF), towerRowId);
      },
      search: (query, k, among) => {
        if (among) throw new Error('the search service filters by folder or date, not by ids');
        return rank(query, k, null);
      },
      searchFiltered: (query, k, filter) => rank(query, k, filter),
      tables: ivfTables(towerRowId),
    };
  };

const ivfLists = (count: number) => Math.max(16, Math.round(Math.sqrt(count)));

export const BACKENDS: Record<string, BackendFactory> = {
  scan,
  'vec-float32': productBackend(EXACT, (t) => [`vec_tower_${t}`]),
  'vec-int8': vecQuantized('int8'),
  'vec-bit+rescore': vecQuantized('bit'),
  'vss-flat': vss(
    () => 'Flat,IDMap2',
    () => 0,
  ),
  'vss-ivf': vss(
    (n) => `IVF${ivfLists(n)},Flat,IDMap2`,
    (n) => Math.min(n, 40 * ivfLists(n)),
  ),
  'vss-ivf-sq8': vss(
    (n) => `IVF${ivfLists(n)},SQ8,IDMap2`,
    (n) => Math.min(n, 40 * ivfLists(n)),
  ),
  'vss-hnsw': vss(
    () => 'HNSW32,IDMap2',
    () => 0,
  ),
  'ivf (Lumen)': productBackend(IVF, ivfTables),
  'ivf 1/48 lists': productBackend(ivfProbing(1 / 48), ivfTables),
  'ivf 1/96 lists': productBackend(ivfProbing(1 / 96), ivfTables),
  'Lumen search service': lumenSearchService(false),
  'Lumen search service + calibration': lumenSearchService(true),
  'usearch hnsw i8': usearchBackend('i8'),
  'usearch hnsw i8 + re-rank': usearchBackend('i8', true),
  'usearch hnsw f16': usearchBackend('f16'),
  'hnswlib-node': hnswlibBackend,
};
