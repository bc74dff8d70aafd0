/**
 * What each contract method answers, defined once as valibot schemas beside the argument schemas
 * (contract-arguments.ts): the result types of contract*.ts are derived from these
 * (`InferOutput<typeof …Schema>`), and one table pairs every method of `LumenApi` with its schema
 * (a schema whose output is not the method's value does not compile). The
 * dispatcher does not parse results in production (they come from our own handlers, and a large
 * search page would pay for it); the tests run handler outputs through these schemas.
 */
import * as v from 'valibot';
import type { LumenMethod } from './contract';
import type { ValueOf } from './contract-methods';
import { EXCLUDE_RESULTS } from './contract-exclude';
import { LIBRARY_VIEW_RESULTS } from './contract-library-views-results';
import { PHOTO_ROTATIONS } from './contract-marks-arguments';
import { DEVICE_CHOICES } from './contract-settings';
import type { ArgumentSchema } from './schema-kit';

const nullable = <S extends ArgumentSchema>(schema: S) => v.nullable(schema);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const strings = v.array(v.string());

export const VectorBackendNameSchema = v.picklist(['vss', 'vec']);

export const ScoreRuleSchema = v.strictObject({
  kind: v.picklist(['softmax', 'sigmoid']),
  /** The multiplier exp(logit_scale) (config.json stores the logarithm, as the checkpoints do). */
  scale: v.number(),
  /** Added to every logit; 0 for CLIP. */
  bias: v.number(),
  /** 'config' when config.json gave the numbers, 'family-default' when they are the family's usual ones. */
  source: v.picklist(['config', 'family-default']),
});

export const ModelStatusSchema = v.strictObject({
  name: v.string(),
  folder: v.string(),
  embedDim: count,
  /** Hash of the vision graph and its preprocessing: image vectors are keyed by it. */
  imageTowerId: v.string(),
  executionProvider: v.string(),
  /** Why the device asked for (`--device`) is not the one in use; absent when it is. */
  deviceNote: v.optional(v.string()),
  /** The model's one scoring rule; tagging and classification score with it. */
  scoreRule: ScoreRuleSchema,
});

export const SkippedFilesSchema = v.strictObject({
  /** OS, NAS and app clutter (hidden files, `@eaDir`, `$RECYCLE.BIN`, …) and Lumen libraries; a skipped folder counts once. */
  junk: count,
  /** Matched the library's exclude patterns (`lumen exclude`); an excluded folder counts once. */
  excluded: count,
  /** Files that are not photos Lumen reads, by lower-case extension (`.mov`, `.txt`; `(none)` without one). */
  unsupported: v.record(v.string(), count),
});

export const RootStatusSchema = v.strictObject({
  path: v.string(),
  /** Files indexed (photos and videos, pairs' parts included). */
  photos: count,
  /** What the grid shows: a Live Photo or a RAW+JPEG pair is one item, its parts are files of it. */
  items: count,
  online: v.boolean(),
  lastScanAt: nullable(v.string()),
  /** What the folder's last complete scan passed over; absent before one. */
  skipped: v.optional(SkippedFilesSchema),
});

const PlaceNameEntries = {
  city: v.string(),
  /** The state, province or region (GeoNames' first-level division), or null where the gazetteer has none for the town. */
  region: nullable(v.string()),
  country: v.string(),
  /** ISO 3166-1 alpha-2. */
  countryCode: v.string(),
};
export const PlaceNameSchema = v.strictObject(PlaceNameEntries);
export const PlaceCountSchema = v.strictObject({ ...PlaceNameEntries, photos: count });
export const GeoLocationSchema = v.strictObject({ latitude: v.number(), longitude: v.number(), altitude: nullable(v.number()) });
export const TakenAtSourceSchema = v.picklist(['exif', 'xmp', 'takeout', 'file-name', 'file-time']);
export const PhotoPartRefSchema = v.strictObject({
  photoId: count,
  path: v.string(),
  /** `copy`: a file with the same bytes, such as the copy classify-and-copy left in a category subfolder. */
  kind: v.picklist(['live-video', 'raw', 'copy']),
});
const LumenErrorSchema = v.strictObject({ code: v.string(), message: v.string() });

export const PhotoErrorEntrySchema = v.strictObject({ path: v.string(), reason: v.string(), failedAt: v.string() });

export const PhotoMetadataCountsSchema = v.strictObject({
  /** Photos with GPS. */
  located: count,
  /** Photos dated by their file's modification time (no date in or beside the file). */
  estimatedDates: count,
  datesFromFileNames: count,
  /** Photos indexed by an older Lumen whose GPS, zone and date fallback were never read (`lumen index --refresh-metadata`). */
  metadataToRefresh: count,
});

export const LibraryStatusSchema = v.strictObject({
  library: v.string(),
  /** Files indexed (photos and videos, pairs' parts included). */
  photos: count,
  /** What the grid shows: a Live Photo or a RAW+JPEG pair is one item, its parts are files of it. */
  items: count,
  /** Photos with a vector for the active model's image tower. */
  embedded: count,
  errors: count,
  roots: v.array(RootStatusSchema),
  vectorBackend: VectorBackendNameSchema,
  model: nullable(ModelStatusSchema),
  /**
   * Present while the chosen model's image vectors are still being made: the previous model,
   * whose complete vectors answer searches until then.
   */
  servingModel: v.optional(ModelStatusSchema),
  /** Present when asked for (`lumen status --errors`, `--json`). */
  errorList: v.optional(v.array(PhotoErrorEntrySchema)),
  /** The log file this session writes (`<library>/logs/lumen.log`); absent when it keeps no file. */
  logFile: v.optional(v.string()),
  /** How photos got their dates and places. */
  metadata: v.optional(PhotoMetadataCountsSchema),
  /** The places facet: every place with photos, most photos first. */
  places: v.optional(v.array(PlaceCountSchema)),
});

export const TextMatchReasonSchema = v.strictObject({ field: v.picklist(['name', 'tag', 'place']), words: strings });
export const DuplicateHitSchema = v.strictObject({ photoId: count, path: v.string(), score: v.number() });

export const SearchHitSchema = v.strictObject({
  rank: count,
  photoId: count,
  path: v.string(),
  /**
   * How well the photo matches the query vector: for a plain text query the cosine similarity of
   * query and photo (−1…1); with negative terms or example photos, the weighted sum of the cosines
   * (see docs/SEARCH.md). Higher is closer. Raw: not comparable across queries or models.
   */
  score: v.number(),
  /**
   * The one score the hits are ranked by, 0…1: the visual match calibrated for this query and model,
   * lifted (boundedly) where the query's words are in the photo's names or tags (docs/SEARCH.md).
   */
  match: v.number(),
  /** The match reaches the query's calibrated cut-off: a close match, not merely the nearest. */
  close: v.boolean(),
  /** True when words of the query occur in the photo's file name, folder names or tags. */
  textMatch: v.boolean(),
  /** Which words were found where, when textMatch. */
  matchedBy: v.optional(v.array(TextMatchReasonSchema)),
  width: nullable(count),
  height: nullable(count),
  takenAt: nullable(v.string()),
  /** Where takenAt came from; null for a photo indexed before Lumen recorded it. */
  takenAtSource: nullable(TakenAtSourceSchema),
  /** The zone of takenAt ("+01:00") when known. */
  timeOffset: nullable(v.string()),
  location: nullable(GeoLocationSchema),
  place: nullable(PlaceNameSchema),
  /** With `groupDuplicates`: near-identical photos folded under this one. */
  duplicates: v.optional(v.array(DuplicateHitSchema)),
  /** Set when the hit is a video: the moment (ms from its start) of the keyframe that matched best, and its length. */
  video: v.optional(v.strictObject({ atMs: v.number(), durationMs: nullable(v.number()) })),
  /** Files shown as part of this one: a Live Photo's video, the RAW beside a JPEG or HEIC (same folder and name). */
  parts: v.optional(v.array(PhotoPartRefSchema)),
});

export const SearchResponseSchema = v.strictObject({
  query: v.string(),
  model: v.string(),
  vectorBackend: VectorBackendNameSchema,
  /** Words after a minus sign ("beach -people"), pushed away from. */
  negative: strings,
  /** Photo ids of the example photos the query was built from (left out of the hits). */
  like: v.array(count),
  offset: count,
  hits: v.array(SearchHitSchema),
  /** Hits (from the first, over every page) that are close matches; 0 means only the nearest were found. */
  closeMatches: count,
});

const PhotoSummaryEntries = {
  id: count,
  path: v.string(),
  width: nullable(count),
  height: nullable(count),
  takenAt: nullable(v.string()),
  /** False when no thumbnail could be made: the window shows a placeholder. */
  hasThumbnail: v.boolean(),
};
export const PhotoSummarySchema = v.strictObject(PhotoSummaryEntries);

export const PhotoDetailsSchema = v.strictObject({
  ...PhotoSummaryEntries,
  folder: v.string(),
  size: count,
  format: nullable(v.string()),
  cameraMake: nullable(v.string()),
  cameraModel: nullable(v.string()),
  indexedAt: v.string(),
  /** Where the date came from ('file-time' is an estimate); null for a photo indexed before Lumen recorded it. */
  takenAtSource: nullable(TakenAtSourceSchema),
  /** The zone of takenAt ("+01:00") when known. */
  timeOffset: nullable(v.string()),
  location: nullable(GeoLocationSchema),
  place: nullable(PlaceNameSchema),
  /** A Live Photo's video, the RAW beside a JPEG or HEIC: shown with this photo, not on their own. */
  parts: v.optional(v.array(PhotoPartRefSchema)),
});

export const PhotoPageSchema = v.strictObject({
  /** Photos in the whole listing (for the scroll height), not only in this page. */
  total: count,
  offset: count,
  photos: v.array(PhotoSummarySchema),
});
export const PhotoDaySchema = v.strictObject({ day: nullable(v.string()), count });

const PhotoMarksEntries = {
  favourite: v.boolean(),
  /** Stars, 1 to 5; 0 when not rated. */
  rating: count,
  /** A quarter turn for display, clockwise; the original file is never changed. */
  rotation: v.picklist(PHOTO_ROTATIONS),
};
export const PhotoMarksSchema = v.strictObject(PhotoMarksEntries);
export const MarkedPhotoSchema = v.strictObject({ photoId: count, ...PhotoMarksEntries });

export const IndexSummarySchema = v.strictObject({
  roots: strings,
  found: count,
  /** Photos decoded and embedded in this run. */
  indexed: count,
  /** New paths whose content was already embedded (moved, renamed, duplicated, touched): vectors reused, no decoding. */
  reused: count,
  unchanged: count,
  /** Files that could not be read (each has an error row). */
  failed: count,
  /**
   * Files that were gone when Lumen came to read them (deleted or moved away since the walk listed
   * them): not errors; found again if they come back. In a run that completes,
   * found = indexed + reused + unchanged + failed + vanished.
   */
  vanished: count,
  /** Folders the walk could not list (each has an error row); their files are not in `found`. */
  failedFolders: count,
  skipped: SkippedFilesSchema,
  removed: count,
  /** Folders that could not be reached (unplugged drive, unmounted share): marked offline, their photos kept. */
  offline: strings,
  /** True when the run was cancelled: what was done is saved, nothing was removed. */
  cancelled: v.boolean(),
  seconds: v.number(),
});

export const IndexProgressSchema = v.strictObject({
  /** Photo files found so far (grows while `scanning`). */
  found: count,
  /** Embedded or reused in this run. */
  done: count,
  /** Unchanged since the last run: not decoded. */
  skipped: count,
  failed: count,
  /** Recent throughput of done + failed. */
  photosPerSecond: v.number(),
  /** Seconds left for the photos found so far, or null before there is a rate. */
  etaSeconds: nullable(v.number()),
  scanning: v.boolean(),
  paused: v.boolean(),
});

export const IndexingStateSchema = v.strictObject({
  /** Folder being indexed now, or null when idle. */
  current: nullable(v.string()),
  /** Folders waiting their turn, in order. */
  queued: strings,
  progress: nullable(IndexProgressSchema),
  /** The last finished run, kept until the next one starts. */
  lastSummary: nullable(IndexSummarySchema),
  /** Why the last run stopped early, if it failed. */
  lastError: nullable(LumenErrorSchema),
});

export const TagSummarySchema = v.strictObject({
  name: v.string(),
  descriptions: strings,
  /** The probability a suggestion needs: the tag's own, else the default. */
  threshold: v.number(),
  /** True when the threshold was set for this tag (by hand or tuned from decisions). */
  ownThreshold: v.boolean(),
  accepted: count,
  rejected: count,
  suggested: count,
});

export const TagSuggestionSchema = v.strictObject({
  photoId: count,
  path: v.string(),
  /** Calibrated probability that the photo has the tag. */
  confidence: v.number(),
});

export const TagRunProgressSchema = v.strictObject({ done: count, total: count });

export const TagRunSummarySchema = v.strictObject({
  tags: strings,
  photos: count,
  /** Suggestions standing after the run, per tag. */
  suggested: v.record(v.string(), count),
  cancelled: v.boolean(),
  seconds: v.number(),
});

export const TagRunStateSchema = v.strictObject({
  running: v.boolean(),
  /** Tags of the run going on, or of the last one. */
  tags: strings,
  progress: nullable(TagRunProgressSchema),
  /** The last finished run, kept until the next one starts. */
  lastSummary: nullable(TagRunSummarySchema),
  lastError: nullable(LumenErrorSchema),
});

export const CategorySummarySchema = v.strictObject({
  name: v.string(),
  descriptions: strings,
  examples: count,
  folder: nullable(v.string()),
  /** Library photos filed into it (by classify or by hand) whose copy or move is not undone. */
  photos: count,
});

export const CategorySetSummarySchema = v.strictObject({
  name: v.string(),
  /** Below this top probability the outcome is "unsure". */
  unsureBelow: v.number(),
  categories: v.array(CategorySummarySchema),
});

export const CategoryProbabilityEntrySchema = v.strictObject({ category: v.string(), probability: v.number() });

export const ClassifiedPhotoSchema = v.strictObject({
  /** The file's absolute path, or a dropped image's name. */
  path: v.string(),
  /** The winning category, or "unsure" when its probability is below the set's threshold. */
  outcome: v.string(),
  /** Every category, most probable first; probabilities sum to 1. */
  ranked: v.array(CategoryProbabilityEntrySchema),
  /** Where the photo was (or, in a dry run, would be) copied or moved; null when it stays. */
  destination: nullable(v.string()),
  /** Why this file could not be classified, copied or moved; the others still are. */
  error: v.optional(v.string()),
  /** Why a classified file was left where it is: already in its category's folder, or listed twice. */
  note: v.optional(v.string()),
});

export const ClassifyResponseSchema = v.strictObject({
  into: v.string(),
  action: nullable(v.picklist(['copy', 'move'])),
  dryRun: v.boolean(),
  /** Journal batch of the copies or moves made (for `lumen undo`); null when none were made. */
  batchId: nullable(count),
  photos: v.array(ClassifiedPhotoSchema),
});

export const UndoResponseSchema = v.strictObject({
  batchId: count,
  action: v.picklist(['copy', 'move']),
  description: v.string(),
  /** Files put back (`to` is null for a removed copy). */
  restored: v.array(v.strictObject({ from: v.string(), to: nullable(v.string()) })),
  /** Files left alone because undoing them could lose something, with why. */
  kept: v.array(v.strictObject({ path: v.string(), reason: v.string() })),
});

export const InstalledModelSummarySchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  /** `model_type` from its config.json (clip, siglip, …), or 'unknown'. */
  family: v.string(),
  embedDim: count,
  /** Models with the same image tower share photo vectors: switching between them re-embeds nothing. */
  imageTowerId: v.string(),
  /** True for the library's chosen model (its `model.folder` setting). */
  active: v.boolean(),
});

export const ModelSwitchStateSchema = v.strictObject({
  /** The model answering searches until then. */
  serving: v.string(),
  embedded: count,
  photos: count,
});

export const ModelsStateSchema = v.strictObject({
  /** Where installed models live. */
  modelsDir: v.string(),
  models: v.array(InstalledModelSummarySchema),
  /** The model the library runs now (may be the bundled demo model, which is not installed). */
  current: nullable(v.strictObject({ name: v.string(), folder: v.string() })),
  /** Present while another image tower's vectors are being made in the background. */
  switching: nullable(ModelSwitchStateSchema),
  /** True when the choice was saved but this session cannot switch live: it applies on the next start. */
  restartNeeded: v.boolean(),
});

const DeviceChoiceSchema = v.picklist(DEVICE_CHOICES);
export const DeviceSettingsSchema = v.strictObject({
  /** The library's `model.device` setting (default `cpu`). */
  choice: DeviceChoiceSchema,
  /** Choices worth offering here: auto, cpu and the GPU providers compiled into this build. */
  choices: v.array(DeviceChoiceSchema),
  /** The provider the loaded model actually runs on (`cpu`, `cuda`, …). */
  inUse: v.string(),
  /** Why the device asked for is not the one in use; absent when it is. */
  note: v.optional(v.string()),
  /** GPU providers this build has that cannot start on this computer (not in `choices`): one sentence each, onnxruntime's reason as `detail`. */
  unavailable: v.optional(v.array(v.strictObject({ device: DeviceChoiceSchema, sentence: v.string(), detail: v.string() }))),
  /** True when the saved choice is not the one the running model was loaded with (it applies on the next start). */
  restartNeeded: v.boolean(),
});

export const CatalogModelSummarySchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  family: v.string(),
  languages: strings,
  /** One sentence on how good it is, and where that comes from. */
  quality: v.string(),
  qualitySource: v.string(),
  /** The download on this machine's recommendation (CPU), in bytes; a lower bound when `sizeKnown` is false. */
  downloadBytes: count,
  sizeKnown: v.boolean(),
  /** True when its files are pinned to a hub commit with published hashes. */
  pinned: v.boolean(),
  /** True when a model with this id is installed. */
  installed: v.boolean(),
  caveats: strings,
});

export const ModelCatalogStateSchema = v.strictObject({
  models: v.array(CatalogModelSummarySchema),
  /** The id a fresh install is offered. */
  recommended: v.string(),
  /** True when nothing but the bundled demo model is here: the window offers the recommended download. */
  onlyDemoModel: v.boolean(),
  /** True when this library runs the demo model, which only knows coloured shapes. */
  usingDemoModel: v.boolean(),
  /** Photos in the library (with `usingDemoModel`: photos whose vectors mean nothing outside the shapes world). */
  photos: count,
});

export const HistoryKindSchema = v.picklist([
  'copy',
  'move',
  'tag-decision',
  'tag-rename',
  'tag-delete',
  'folder-add',
  'folder-remove',
  'photo-marks',
  'category-edit',
]);

export const HistoryEntrySchema = v.strictObject({
  id: count,
  kind: HistoryKindSchema,
  /** What was done, as one sentence ("Moved 3 photos into “Beach”."). */
  description: v.string(),
  /** When, ISO-8601 UTC. */
  at: v.string(),
  /** When it was undone; null while it stands. */
  undoneAt: nullable(v.string()),
  /** Why it can no longer be undone (a file changed since, the tag was deleted since); absent when it can, or once undone. */
  cannotUndo: v.optional(v.string()),
  /** For a copy or move: the batch of files it made (the `batchId` classifyFiles or fileIntoCategory answered), so a window can undo its own batches. */
  batchId: v.optional(count),
});

export const HistoryUndoResultSchema = v.strictObject({
  /** The entry, now undone. */
  entry: HistoryEntrySchema,
  /** What was undone, in plain words, for a toast ("Put 3 photos back where they were."). */
  sentence: v.string(),
  /** For a copy or move: the files put back, and those left alone because undoing them could lose something. */
  files: v.optional(UndoResponseSchema),
  /** For a change of marks: the photos it changed, with their marks now (the window shows them at once). */
  marks: v.optional(v.array(MarkedPhotoSchema)),
});

export const LUMEN_RESULTS = {
  getStatus: LibraryStatusSchema,
  search: SearchResponseSchema,
  listPhotos: PhotoPageSchema,
  getPhoto: PhotoDetailsSchema,
  listPhotoDays: v.array(PhotoDaySchema),
  getPhotoMarks: v.array(MarkedPhotoSchema),
  setPhotoMarks: v.array(MarkedPhotoSchema),
  getPhotoTags: v.array(v.string()),
  ...LIBRARY_VIEW_RESULTS,
  addFolder: IndexingStateSchema,
  removeFolder: LibraryStatusSchema,
  reindexAll: IndexingStateSchema,
  retryFailedFiles: IndexingStateSchema,
  getIndexing: IndexingStateSchema,
  controlIndexing: IndexingStateSchema,
  listTags: v.array(TagSummarySchema),
  addTag: TagSummarySchema,
  renameTag: TagSummarySchema,
  deleteTag: v.array(TagSummarySchema),
  tagPhotos: TagSummarySchema,
  startTagRun: TagRunStateSchema,
  getTagRun: TagRunStateSchema,
  cancelTagRun: TagRunStateSchema,
  cancelClassify: v.boolean(),
  listSuggestions: v.array(TagSuggestionSchema),
  decideSuggestions: TagSummarySchema,
  listCategorySets: v.array(CategorySetSummarySchema),
  addCategory: CategorySetSummarySchema,
  classifyFiles: ClassifyResponseSchema,
  classifyImage: ClassifyResponseSchema,
  undoLast: UndoResponseSchema,
  describeTag: TagSummarySchema,
  editCategory: CategorySetSummarySchema,
  deleteCategory: v.array(CategorySetSummarySchema),
  fileIntoCategory: ClassifyResponseSchema,
  listModels: ModelsStateSchema,
  useModel: ModelsStateSchema,
  addModel: ModelsStateSchema,
  getDevice: DeviceSettingsSchema,
  setDevice: DeviceSettingsSchema,
  modelCatalog: ModelCatalogStateSchema,
  installModel: ModelsStateSchema,
  removeModel: ModelsStateSchema,
  cancelModelInstall: v.boolean(),
  ...EXCLUDE_RESULTS,
  listHistory: v.array(HistoryEntrySchema),
  undoHistoryEntry: HistoryUndoResultSchema,
} as const satisfies { [M in LumenMethod]: v.GenericSchema<unknown, ValueOf<M>> };

/** A method's value as its result schema describes it. */
export type ResultOf<M extends LumenMethod> = v.InferOutput<(typeof LUMEN_RESULTS)[M]>;
