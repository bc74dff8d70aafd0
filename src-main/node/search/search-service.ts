import type { SearchHit, SearchRequest, SearchResponse, VectorBackendName } from '../../../src-common/contract';
import type { ImageTextEncoder } from '../inference/image-text-encoder';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRecord, PhotoRepository } from '../library/photo-repository';
import type { VectorIndex } from '../library/vector/vector-index';
import { groupNearDuplicates } from './duplicate-groups';
import { resolveExampleVectors } from './example-vectors';
import { FilteredRanking, type FilteredRankingOptions } from './filtered-ranking';
import { buildPhotoFilter, passingIds } from './photo-filter';
import { composeQueryVector, DEFAULT_TEXT_WEIGHT } from './query-vector';
import { keywordsOf, parseQueryText } from './query-text';
import { fuseRankings } from './rank-fusion';
import { anyWordQuery, matchPhotoText } from './text-match';
import { VideoRepository } from '../library/video-repository';
import { PhotoPairs } from '../library/photo-pairs';
import { foldPartsIntoLeads } from './fold-parts';
import { bestVideoMoments, rankWithVideoMoments } from './video-moments';
import { whereAndWhen } from '../places/where-and-when';

export interface SearchServiceDeps {
  db: LibraryDb;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  vectorIndex: VectorIndex;
  towerRowId: number;
  encoder: ImageTextEncoder;
  modelName: string;
  embedDim: number;
  ranking?: FilteredRankingOptions;
}

/** Candidates looked at per result wanted when near-duplicates are folded (a group may swallow several). */
const GROUPING_OVERFETCH = 3;
const MAX_CANDIDATES = 4096;
/** Rank-fusion weight of name/folder/tag matches against the vector ranking's 1 (see fuseRankings). */
const TEXT_MATCH_WEIGHT = 1.5;

/**
 * Search: words (with `-unwanted` words), example photos, or both, turned into one query vector;
 * ranked by the vector index under the filters, merged with the photos whose names, folders or tags
 * contain the words (full-text index), optionally with near-duplicates folded, one page at a time.
 */
export class SearchService {
  private readonly ranking: FilteredRanking;
  private readonly videos: VideoRepository;
  private readonly pairs: PhotoPairs;

  constructor(private readonly deps: SearchServiceDeps) {
    this.ranking = new FilteredRanking(deps.db, deps.vectorIndex, deps.towerRowId, deps.ranking);
    this.videos = new VideoRepository(deps.db);
    this.pairs = new PhotoPairs(deps.db);
  }

  get vectorBackend(): VectorBackendName {
    return this.deps.vectorIndex.backend;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const { positive, negative } = parseQueryText(request.text);
    const texts = positive === '' ? negative : [positive, ...negative];
    const textVectors = texts.length > 0 ? await this.deps.encoder.embedTexts(texts) : [];
    const examples = request.like?.length ? await resolveExampleVectors(this.deps, request.like) : { vectors: [], libraryPhotoIds: [] };
    const query = composeQueryVector({
      text: positive === '' ? undefined : textVectors[0],
      examples: examples.vectors,
      negatives: positive === '' ? textVectors : textVectors.slice(1),
      textWeight: request.textWeight ?? DEFAULT_TEXT_WEIGHT,
      dim: this.deps.embedDim,
    });

    const offset = request.offset ?? 0;
    const filter = buildPhotoFilter(this.deps.db, { filters: request.filters, excludeTextMatch: anyWordQuery(negative) ?? undefined });
    const perResult = request.groupDuplicates ? GROUPING_OVERFETCH : 1;
    const want = Math.min(MAX_CANDIDATES, (offset + request.limit) * perResult + examples.libraryPhotoIds.length);
    const { ranked: rankedByIndex } = this.ranking.rank(query, filter, want);
    // A video ranks by its best keyframe, and its hit names that moment.
    const moments = bestVideoMoments(this.videos, this.deps.towerRowId, query);
    const allowed = filter && moments.size > 0 ? passingIds(this.deps.db, filter, [...moments.keys()]) : null;
    const ranked = rankWithVideoMoments(rankedByIndex, moments, allowed, want);
    const keywordQuery = anyWordQuery(keywordsOf(positive));
    const textMatches = keywordQuery ? matchPhotoText(this.deps.db, keywordQuery, filter, want) : [];

    const skip = new Set(examples.libraryPhotoIds);
    const fused = fuseRankings([ranked.map((r) => r.photoId), textMatches], [1, TEXT_MATCH_WEIGHT]).filter((id) => !skip.has(id));
    const scores = new Map(ranked.map((r) => [r.photoId, r.score]));
    const unscored = fused.filter((id) => !scores.has(id));
    for (const [id, score] of this.ranking.scoreOf(query, unscored)) scores.set(id, moments.get(id)?.score ?? score);
    // A Live Photo's video or a RAW matches as the photo it belongs to (where that passes the filters).
    const partLeads = this.pairs.leadsOf(fused.filter((id) => scores.has(id)));
    const allowedLeads = filter && partLeads.size > 0 ? passingIds(this.deps.db, filter, [...new Set(partLeads.values())]) : null;
    const scoredIds = foldPartsIntoLeads(
      fused.filter((id) => scores.has(id)),
      partLeads,
      allowedLeads,
      scores,
    );
    const parts = this.pairs.partsOf(scoredIds);
    const records = new Map(this.deps.photos.getPhotos(scoredIds).map((p) => [p.id, p]));
    const textMatched = new Set(textMatches);
    const durations = this.videos.durations(scoredIds.filter((id) => moments.has(id)));
    const toHit = (photo: PhotoRecord, rank: number): SearchHit => ({
      rank,
      photoId: photo.id,
      path: photo.path,
      score: scores.get(photo.id) ?? 0,
      textMatch: textMatched.has(photo.id),
      width: photo.width,
      height: photo.height,
      takenAt: photo.takenAt,
      ...whereAndWhen(photo),
      ...videoOf(photo.id),
      ...(parts.has(photo.id) ? { parts: parts.get(photo.id) } : {}),
    });
    const videoOf = (photoId: number): Pick<SearchHit, 'video'> => {
      const moment = moments.get(photoId);
      return moment ? { video: { atMs: moment.timeMs, durationMs: durations.get(photoId) ?? null } } : {};
    };

    const photos = scoredIds.map((id) => records.get(id)).filter((p): p is PhotoRecord => p !== undefined);
    let hits: SearchHit[];
    if (request.groupDuplicates) {
      const groupable = photos.map((photo) => ({
        photo,
        photoId: photo.id,
        contentHash: photo.contentHash,
        vector: this.deps.embeddings.getEmbedding(photo.id, this.deps.towerRowId),
      }));
      hits = groupNearDuplicates(groupable)
        .slice(offset, offset + request.limit)
        .map(([lead, ...rest], index) => ({
          ...toHit((lead as (typeof groupable)[number]).photo, offset + index + 1),
          duplicates: rest.map((d) => ({ photoId: d.photoId, path: d.photo.path, score: scores.get(d.photoId) ?? 0 })),
        }));
    } else {
      hits = photos.slice(offset, offset + request.limit).map((photo, index) => toHit(photo, offset + index + 1));
    }
    return {
      query: request.text,
      model: this.deps.modelName,
      vectorBackend: this.vectorBackend,
      negative,
      like: examples.libraryPhotoIds,
      offset,
      hits,
    };
  }
}
