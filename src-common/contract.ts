/**
 * The one API contract shared by the Electron main process, the preload's `window.lumen`,
 * the local HTTP server mode and the CLI's `--json` output. Plain data only: the result types are
 * derived from their schemas (contract-results.ts), the request types from theirs (contract-arguments.ts).
 */
import type { WindowApi } from './contract-app';
import { WINDOW_METHODS } from './contract-app';
import type { BrowseApi } from './contract-browse';
import type { HistoryApi } from './contract-history';
import { HISTORY_METHODS } from './contract-history';
import { BROWSE_METHODS } from './contract-browse';
import type { LibraryViewsApi } from './contract-library-views';
import { LIBRARY_VIEW_METHODS } from './contract-library-views';
import type { OrganizeApi } from './contract-organize';
import { ORGANIZE_METHODS } from './contract-organize';
import type { SettingsApi } from './contract-settings';
import { SETTINGS_METHODS } from './contract-settings';
import type { InferOutput } from 'valibot';
import type { SearchFiltersSchema, SearchRequestSchema } from './contract-arguments';
import type {
  CategoryProbabilityEntrySchema,
  CategorySetSummarySchema,
  CategorySummarySchema,
  ClassifiedPhotoSchema,
  ClassifyResponseSchema,
  DuplicateHitSchema,
  GeoLocationSchema,
  IndexProgressSchema,
  IndexSummarySchema,
  LibraryStatusSchema,
  ModelStatusSchema,
  PhotoErrorEntrySchema,
  PhotoMetadataCountsSchema,
  PhotoPartRefSchema,
  PlaceCountSchema,
  PlaceNameSchema,
  RootStatusSchema,
  ScoreRuleSchema,
  SearchHitSchema,
  SearchResponseSchema,
  SkippedFilesSchema,
  TagRunProgressSchema,
  TagRunSummarySchema,
  TagSuggestionSchema,
  TagSummarySchema,
  TakenAtSourceSchema,
  TextMatchReasonSchema,
  UndoResponseSchema,
  VectorBackendNameSchema,
} from './contract-results';
import type { Result } from './result';

export type VectorBackendName = InferOutput<typeof VectorBackendNameSchema>;
export const VECTOR_BACKENDS: readonly VectorBackendName[] = ['vss', 'vec'];

/**
 * How a model turns cosines into probabilities, as it was trained (match-probability.ts): CLIP's
 * softmax over the candidate texts, or SigLIP's sigmoid per text with a bias.
 */
export type ScoreRule = InferOutput<typeof ScoreRuleSchema>;
export type ModelStatus = InferOutput<typeof ModelStatusSchema>;
export type RootStatus = InferOutput<typeof RootStatusSchema>;
/** Files an indexing run passed over on purpose, counted so that nothing vanishes silently. */
export type SkippedFiles = InferOutput<typeof SkippedFilesSchema>;
export type PhotoErrorEntry = InferOutput<typeof PhotoErrorEntrySchema>;
export type LibraryStatus = InferOutput<typeof LibraryStatusSchema>;
export type PhotoMetadataCounts = InferOutput<typeof PhotoMetadataCountsSchema>;
export type PlaceCount = InferOutput<typeof PlaceCountSchema>;
export type IndexSummary = InferOutput<typeof IndexSummarySchema>;
/** Live state of an indexing run, sent several times a second. */
export type IndexProgress = InferOutput<typeof IndexProgressSchema>;
export type DuplicateHit = InferOutput<typeof DuplicateHitSchema>;
/** Where a photo's date came from; 'file-time' (the file's modification time) is an estimate. */
export type TakenAtSource = InferOutput<typeof TakenAtSourceSchema>;
/** GPS position, WGS 84 degrees; altitude in metres above sea level when known. */
export type GeoLocation = InferOutput<typeof GeoLocationSchema>;
/** The nearest town (GeoNames, 1,000 people or more) to a photo's GPS position, and its country. */
export type PlaceName = InferOutput<typeof PlaceNameSchema>;
export type SearchHit = InferOutput<typeof SearchHitSchema>;
/** Words of the query found in the photo's file or folder names, accepted tags or place. */
export type TextMatchReason = InferOutput<typeof TextMatchReasonSchema>;
export type PhotoPartRef = InferOutput<typeof PhotoPartRefSchema>;
export type SearchResponse = InferOutput<typeof SearchResponseSchema>;

/** Narrow any search; all given filters must hold (fields documented with the schema). */
export type SearchFilters = InferOutput<typeof SearchFiltersSchema>;

/** A search as the services receive it: trimmed, limit filled in (contract-arguments.ts). */
export type SearchRequest = InferOutput<typeof SearchRequestSchema>;

/** What the window may ask of the app (exposed as `window.lumen` by the preload). */
export interface LumenApi extends WindowApi, BrowseApi, LibraryViewsApi, OrganizeApi, SettingsApi, HistoryApi {
  getStatus(): Promise<Result<LibraryStatus>>;
  search(request: SearchRequest): Promise<Result<SearchResponse>>;
}

export type LumenMethod = keyof LumenApi;

/** Every method once: a method missing or unknown here does not compile. */
const METHOD_TABLE = {
  getStatus: true,
  search: true,
  ...WINDOW_METHODS,
  ...BROWSE_METHODS,
  ...LIBRARY_VIEW_METHODS,
  ...ORGANIZE_METHODS,
  ...SETTINGS_METHODS,
  ...HISTORY_METHODS,
} as const satisfies Record<LumenMethod, true>;
export const LUMEN_METHODS = Object.keys(METHOD_TABLE) as readonly LumenMethod[];

/** The one place channel names are made: `lumen:<method>` over Electron IPC (the HTTP server uses `/api/<method>`). */
export function lumenChannel(method: LumenMethod): `lumen:${LumenMethod}` {
  return `lumen:${method}`;
}

// ---- Classify ----

export interface CategoryInput {
  name: string;
  /** Extra words for the text tower ("sand and sea"); the name itself always counts. */
  descriptions?: string[];
  /** Example photo paths (in the library or not). */
  examples?: string[];
  /** Where `copy`/`move` put this category's photos; default: a subfolder named after it next to each photo. */
  folder?: string;
}

export type CategorySummary = InferOutput<typeof CategorySummarySchema>;
export type CategorySetSummary = InferOutput<typeof CategorySetSummarySchema>;

export interface ClassifyRequest {
  /** The category set's name. */
  into: string;
  /** Photo files (in the library or not). */
  files: string[];
  /** Dropped images without a file (a drag from a browser): classified only, never copied or moved. */
  images?: Array<{ name: string; bytes: Uint8Array }>;
  /** Copy or move each photo into its category's folder; "unsure" photos stay where they are. */
  action?: 'copy' | 'move';
  /** Say what would be done, do nothing. */
  dryRun?: boolean;
}

export type CategoryProbabilityEntry = InferOutput<typeof CategoryProbabilityEntrySchema>;
export type ClassifiedPhoto = InferOutput<typeof ClassifiedPhotoSchema>;
export type ClassifyResponse = InferOutput<typeof ClassifyResponseSchema>;
export type UndoResponse = InferOutput<typeof UndoResponseSchema>;

// ---- Tags ----

export type TagSummary = InferOutput<typeof TagSummarySchema>;
export type TagSuggestion = InferOutput<typeof TagSuggestionSchema>;

/** What a tagging run covers: a folder (recursive), chosen photos, or (neither) the whole library. */
export interface TagRunScope {
  folder?: string;
  photos?: Array<number | string>;
}

export type TagRunProgress = InferOutput<typeof TagRunProgressSchema>;
export type TagRunSummary = InferOutput<typeof TagRunSummarySchema>;

export interface TagExportSummary {
  /** Sidecars written or updated (`<photo>.xmp`, next to the photo). */
  sidecars: string[];
  /** Originals whose embedded keywords were updated (opt-in). */
  embedded: string[];
  /** Files left as they were, with why. */
  failed: Array<{ path: string; reason: string }>;
}
