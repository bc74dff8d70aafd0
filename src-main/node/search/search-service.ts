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
import { calibrateMatch, matchProbability } from './match-calibration';
import { QueryBackground } from './query-background';
import { CLOSE_MATCH, fusedScore } from './fused-score';
import { textMatchReasons } from './text-match-reasons';
import { norm } from './vector-math';
import type { ScoreRule } from '../model/match-probability';
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
  /** The serving model's scoring rule (ModelStatus.scoreRule): how many logits a unit of cosine is worth. */
  scoreRule: ScoreRule;
  ranking?: FilteredRankingOptions;
}

/** Candidates looked at per result wanted when near-duplicates are folded (a group may swallow several). */
const GROUPING_OVERFETCH = 3;
const MAX_CANDIDATES = 4096;

/**
 * Search: words (with `-unwanted` words), example photos, or both, turned into one query vector;
 * ranked by the vector index under the filters, merged with the photos whose names, folders or tags
 * contain the words (full-text index) into one calibrated score (fused-score.ts), optionally with
 * near-duplicates folded, one page at a time.
 */
export class SearchService {
  private readonly ranking: FilteredRanking;
  private readonly background: QueryBackground;
  private readonly videos: VideoRepository;
  private readonly pairs: PhotoPairs;

  constructor(private readonly deps: SearchServiceDeps) {
    this.ranking = new FilteredRanking(deps.db, deps.vectorIndex, deps.towerRowId, deps.ranking);
    this.background = new QueryBackground(deps.db, deps.towerRowId);
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
    const scores = new Map(ranked.map((r) => [r.photoId, r.score]));
    const unscored = textMatches.filter((id) => !scores.has(id));
    for (const [id, score] of this.ranking.scoreOf(query, unscored)) scores.set(id, moments.get(id)?.score ?? score);
    // One score per photo, ranked by it: the visual match calibrated against this query's background, lifted by words found in names or tags.
    const calibration = calibrateMatch(this.deps.scoreRule, this.background.scores(query), norm(query));
    const keywords = keywordsOf(positive);
    const reasons = textMatchReasons(this.deps.db, textMatches, keywords);
    const matches = new Map<number, number>();
    for (const [id, score] of scores) matches.set(id, fusedScore(matchProbability(calibration, score), reasons.get(id) ?? [], keywords.length));
    const fused = [...matches.keys()]
      .filter((id) => !skip.has(id))
      .sort((a, b) => (matches.get(b) ?? 0) - (matches.get(a) ?? 0) || (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || a - b);
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
    const matchOf = (photoId: number): number => matches.get(photoId) ?? 0;
    const durations = this.videos.durations(scoredIds.filter((id) => moments.has(id)));
    const toHit = (photo: PhotoRecord, rank: number): SearchHit => ({
      rank,
      photoId: photo.id,
      path: photo.path,
      score: scores.get(photo.id) ?? 0,
      match: matchOf(photo.id),
      close: matchOf(photo.id) >= CLOSE_MATCH,
      textMatch: textMatched.has(photo.id),
      ...(reasons.has(photo.id) ? { matchedBy: reasons.get(photo.id) } : {}),
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
    let closeMatches: number;
    if (request.groupDuplicates) {
      const groupable = photos.map((photo) => ({
        photo,
        photoId: photo.id,
        contentHash: photo.contentHash,
        vector: this.deps.embeddings.getEmbedding(photo.id, this.deps.towerRowId),
      }));
      const groups = groupNearDuplicates(groupable);
      closeMatches = groups.filter(([lead]) => matchOf(lead?.photoId ?? 0) >= CLOSE_MATCH).length;
      hits = groups.slice(offset, offset + request.limit).map(([lead, ...rest], index) => ({
        ...toHit((lead as (typeof groupable)[number]).photo, offset + index + 1),
        duplicates: rest.map((d) => ({ photoId: d.photoId, path: d.photo.path, score: scores.get(d.photoId) ?? 0 })),
      }));
    } else {
      closeMatches = photos.filter((photo) => matchOf(photo.id) >= CLOSE_MATCH).length;
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
      closeMatches,
    };
  }
}
