/**
 * The one API contract shared by the Electron main process, the preload's `window.lumen`,
 * the local HTTP server mode and the CLI's `--json` output. Plain data only: no runtime imports.
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
import type { Result } from './result';

export type VectorBackendName = 'vss' | 'vec';
export const VECTOR_BACKENDS: readonly VectorBackendName[] = ['vss', 'vec'];

/**
 * How a model turns cosines into probabilities, as it was trained (match-probability.ts): CLIP's
 * softmax over the candidate texts, or SigLIP's sigmoid per text with a bias.
 */
export interface ScoreRule {
  kind: 'softmax' | 'sigmoid';
  /** The multiplier exp(logit_scale) (config.json stores the logarithm, as the checkpoints do). */
  scale: number;
  /** Added to every logit; 0 for CLIP. */
  bias: number;
  /** 'config' when config.json gave the numbers, 'family-default' when they are the family's usual ones. */
  source: 'config' | 'family-default';
}

export interface ModelStatus {
  name: string;
  folder: string;
  embedDim: number;
  /** Hash of the vision graph and its preprocessing: image vectors are keyed by it. */
  imageTowerId: string;
  executionProvider: string;
  /** Why the device asked for (`--device`) is not the one in use; absent when it is. */
  deviceNote?: string;
  /** The model's one scoring rule; tagging and classification score with it. */
  scoreRule: ScoreRule;
}

export interface RootStatus {
  path: string;
  /** Files indexed (photos and videos, pairs' parts included). */
  photos: number;
  /** What the grid shows: a Live Photo or a RAW+JPEG pair is one item, its parts are files of it. */
  items: number;
  online: boolean;
  lastScanAt: string | null;
  /** What the folder's last complete scan passed over; absent before one. */
  skipped?: SkippedFiles;
}

/** Files an indexing run passed over on purpose, counted so that nothing vanishes silently. */
export interface SkippedFiles {
  /** OS, NAS and app clutter (hidden files, `@eaDir`, `$RECYCLE.BIN`, …) and Lumen libraries; a skipped folder counts once. */
  junk: number;
  /** Matched the library's exclude patterns (`lumen exclude`); an excluded folder counts once. */
  excluded: number;
  /** Files that are not photos Lumen reads, by lower-case extension (`.mov`, `.txt`; `(none)` without one). */
  unsupported: Record<string, number>;
}

export interface PhotoErrorEntry {
  path: string;
  reason: string;
  failedAt: string;
}

export interface LibraryStatus {
  library: string;
  /** Files indexed (photos and videos, pairs' parts included). */
  photos: number;
  /** What the grid shows: a Live Photo or a RAW+JPEG pair is one item, its parts are files of it. */
  items: number;
  /** Photos with a vector for the active model's image tower. */
  embedded: number;
  errors: number;
  roots: RootStatus[];
  vectorBackend: VectorBackendName;
  model: ModelStatus | null;
  /**
   * Present while the chosen model's image vectors are still being made: the previous model,
   * whose complete vectors answer searches until then.
   */
  servingModel?: ModelStatus;
  /** Present when asked for (`lumen status --errors`, `--json`). */
  errorList?: PhotoErrorEntry[];
  /** The log file this session writes (`<library>/logs/lumen.log`); absent when it keeps no file. */
  logFile?: string;
  /** How photos got their dates and places. */
  metadata?: PhotoMetadataCounts;
  /** The places facet: every place with photos, most photos first. */
  places?: PlaceCount[];
}

export interface PhotoMetadataCounts {
  /** Photos with GPS. */
  located: number;
  /** Photos dated by their file's modification time (no date in or beside the file). */
  estimatedDates: number;
  datesFromFileNames: number;
  /** Photos indexed by an older Lumen whose GPS, zone and date fallback were never read (`lumen index --refresh-metadata`). */
  metadataToRefresh: number;
}

export interface PlaceCount extends PlaceName {
  photos: number;
}

export interface IndexSummary {
  roots: string[];
  found: number;
  /** Photos decoded and embedded in this run. */
  indexed: number;
  /** New paths whose content was already embedded (moved, renamed, duplicated, touched): vectors reused, no decoding. */
  reused: number;
  unchanged: number;
  /** Files that could not be read (each has an error row). */
  failed: number;
  /**
   * Files that were gone when Lumen came to read them (deleted or moved away since the walk listed
   * them): not errors; found again if they come back. In a run that completes,
   * found = indexed + reused + unchanged + failed + vanished.
   */
  vanished: number;
  /** Folders the walk could not list (each has an error row); their files are not in `found`. */
  failedFolders: number;
  skipped: SkippedFiles;
  removed: number;
  /** Folders that could not be reached (unplugged drive, unmounted share): marked offline, their photos kept. */
  offline: string[];
  /** True when the run was cancelled: what was done is saved, nothing was removed. */
  cancelled: boolean;
  seconds: number;
}

/** Live state of an indexing run, sent several times a second. */
export interface IndexProgress {
  /** Photo files found so far (grows while `scanning`). */
  found: number;
  /** Embedded or reused in this run. */
  done: number;
  /** Unchanged since the last run: not decoded. */
  skipped: number;
  failed: number;
  /** Recent throughput of done + failed. */
  photosPerSecond: number;
  /** Seconds left for the photos found so far, or null before there is a rate. */
  etaSeconds: number | null;
  scanning: boolean;
  paused: boolean;
}

export interface DuplicateHit {
  photoId: number;
  path: string;
  score: number;
}

/** Where a photo's date came from; 'file-time' (the file's modification time) is an estimate. */
export type TakenAtSource = 'exif' | 'xmp' | 'takeout' | 'file-name' | 'file-time';

/** GPS position, WGS 84 degrees; altitude in metres above sea level when known. */
export interface GeoLocation {
  latitude: number;
  longitude: number;
  altitude: number | null;
}

/** The nearest town (GeoNames, 1,000 people or more) to a photo's GPS position, and its country. */
export interface PlaceName {
  city: string;
  /** The state, province or region (GeoNames' first-level division), or null where the gazetteer has none for the town. */
  region: string | null;
  country: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export interface SearchHit {
  rank: number;
  photoId: number;
  path: string;
  /**
   * How well the photo matches the query vector: for a plain text query the cosine similarity of
   * query and photo (−1…1); with negative terms or example photos, the weighted sum of the cosines
   * (see docs/SEARCH.md). Higher is closer. Raw: not comparable across queries or models.
   */
  score: number;
  /**
   * The one score the hits are ranked by, 0…1: the visual match calibrated for this query and model,
   * lifted (boundedly) where the query's words are in the photo's names or tags (docs/SEARCH.md).
   */
  match: number;
  /** The match reaches the query's calibrated cut-off: a close match, not merely the nearest. */
  close: boolean;
  /** True when words of the query occur in the photo's file name, folder names or tags. */
  textMatch: boolean;
  /** Which words were found where, when textMatch. */
  matchedBy?: TextMatchReason[];
  width: number | null;
  height: number | null;
  takenAt: string | null;
  /** Where takenAt came from; null for a photo indexed before Lumen recorded it. */
  takenAtSource: TakenAtSource | null;
  /** The zone of takenAt ("+01:00") when known. */
  timeOffset: string | null;
  location: GeoLocation | null;
  place: PlaceName | null;
  /** With `groupDuplicates`: near-identical photos folded under this one. */
  duplicates?: DuplicateHit[];
  /** Set when the hit is a video: the moment (ms from its start) of the keyframe that matched best, and its length. */
  video?: { atMs: number; durationMs: number | null };
  /** Files shown as part of this one: a Live Photo's video, the RAW beside a JPEG or HEIC (same folder and name). */
  parts?: PhotoPartRef[];
}

/** Words of the query found in the photo's file or folder names, accepted tags or place. */
export interface TextMatchReason {
  field: 'name' | 'tag' | 'place';
  words: string[];
}

export interface PhotoPartRef {
  photoId: number;
  path: string;
  /** `copy`: a file with the same bytes, such as the copy classify-and-copy left in a category subfolder. */
  kind: 'live-video' | 'raw' | 'copy';
}

export interface SearchResponse {
  query: string;
  model: string;
  vectorBackend: VectorBackendName;
  /** Words after a minus sign ("beach -people"), pushed away from. */
  negative: string[];
  /** Photo ids of the example photos the query was built from (left out of the hits). */
  like: number[];
  offset: number;
  hits: SearchHit[];
  /** Hits (from the first, over every page) that are close matches; 0 means only the nearest were found. */
  closeMatches: number;
}

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

export interface CategorySummary {
  name: string;
  descriptions: string[];
  examples: number;
  folder: string | null;
  /** Library photos filed into it (by classify or by hand) whose copy or move is not undone. */
  photos: number;
}

export interface CategorySetSummary {
  name: string;
  /** Below this top probability the outcome is "unsure". */
  unsureBelow: number;
  categories: CategorySummary[];
}

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

export interface CategoryProbabilityEntry {
  category: string;
  probability: number;
}

export interface ClassifiedPhoto {
  /** The file's absolute path, or a dropped image's name. */
  path: string;
  /** The winning category, or "unsure" when its probability is below the set's threshold. */
  outcome: string;
  /** Every category, most probable first; probabilities sum to 1. */
  ranked: CategoryProbabilityEntry[];
  /** Where the photo was (or, in a dry run, would be) copied or moved; null when it stays. */
  destination: string | null;
  /** Why this file could not be classified, copied or moved; the others still are. */
  error?: string;
  /** Why a classified file was left where it is: already in its category's folder, or listed twice. */
  note?: string;
}

export interface ClassifyResponse {
  into: string;
  action: 'copy' | 'move' | null;
  dryRun: boolean;
  /** Journal batch of the copies or moves made (for `lumen undo`); null when none were made. */
  batchId: number | null;
  photos: ClassifiedPhoto[];
}

export interface UndoResponse {
  batchId: number;
  action: 'copy' | 'move';
  description: string;
  /** Files put back (`to` is null for a removed copy). */
  restored: Array<{ from: string; to: string | null }>;
  /** Files left alone because undoing them could lose something, with why. */
  kept: Array<{ path: string; reason: string }>;
}

// ---- Tags ----

export interface TagSummary {
  name: string;
  descriptions: string[];
  /** The probability a suggestion needs: the tag's own, else the default. */
  threshold: number;
  /** True when the threshold was set for this tag (by hand or tuned from decisions). */
  ownThreshold: boolean;
  accepted: number;
  rejected: number;
  suggested: number;
}

export interface TagSuggestion {
  photoId: number;
  path: string;
  /** Calibrated probability that the photo has the tag. */
  confidence: number;
}

/** What a tagging run covers: a folder (recursive), chosen photos, or (neither) the whole library. */
export interface TagRunScope {
  folder?: string;
  photos?: Array<number | string>;
}

export interface TagRunProgress {
  done: number;
  total: number;
}

export interface TagRunSummary {
  tags: string[];
  photos: number;
  /** Suggestions standing after the run, per tag. */
  suggested: Record<string, number>;
  cancelled: boolean;
  seconds: number;
}

export interface TagExportSummary {
  /** Sidecars written or updated (`<photo>.xmp`, next to the photo). */
  sidecars: string[];
  /** Originals whose embedded keywords were updated (opt-in). */
  embedded: string[];
  /** Files left as they were, with why. */
  failed: Array<{ path: string; reason: string }>;
}
