/**
 * What each contract method answers, as valibot schemas beside the argument schemas
 * (contract-arguments.ts), in one table that must name every method of `LumenApi`. The result
 * types stay the documented interfaces of contract*.ts; a compile-time check below says that each
 * schema's output and its method's value are the same type both ways, so neither can drift. The
 * dispatcher does not parse results in production (they come from our own handlers, and a large
 * search page would pay for it); the tests run handler outputs through these schemas.
 */
import * as v from 'valibot';
import type { LumenMethod } from './contract';
import type { ValueOf } from './contract-methods';
import { EXCLUDE_RESULTS } from './contract-exclude';
import { LIBRARY_VIEW_RESULTS } from './contract-library-views-results';
import type { ArgumentSchema } from './schema-kit';

const nullable = <S extends ArgumentSchema>(schema: S) => v.nullable(schema);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const strings = v.array(v.string());

const ScoreRuleSchema = v.strictObject({
  kind: v.picklist(['softmax', 'sigmoid']),
  scale: v.number(),
  bias: v.number(),
  source: v.picklist(['config', 'family-default']),
});

const ModelStatusSchema = v.strictObject({
  name: v.string(),
  folder: v.string(),
  embedDim: count,
  imageTowerId: v.string(),
  executionProvider: v.string(),
  deviceNote: v.optional(v.string()),
  scoreRule: ScoreRuleSchema,
});

const SkippedFilesSchema = v.strictObject({ junk: count, excluded: count, unsupported: v.record(v.string(), count) });

const RootStatusSchema = v.strictObject({
  path: v.string(),
  photos: count,
  items: count,
  online: v.boolean(),
  lastScanAt: nullable(v.string()),
  skipped: v.optional(SkippedFilesSchema),
});

const PlaceNameEntries = { city: v.string(), region: nullable(v.string()), country: v.string(), countryCode: v.string() };
const PlaceNameSchema = v.strictObject(PlaceNameEntries);
const GeoLocationSchema = v.strictObject({ latitude: v.number(), longitude: v.number(), altitude: nullable(v.number()) });
const TakenAtSourceSchema = v.picklist(['exif', 'xmp', 'takeout', 'file-name', 'file-time']);
const PhotoPartRefSchema = v.strictObject({ photoId: count, path: v.string(), kind: v.picklist(['live-video', 'raw', 'copy']) });
const LumenErrorSchema = v.strictObject({ code: v.string(), message: v.string() });

export const LibraryStatusSchema = v.strictObject({
  library: v.string(),
  photos: count,
  items: count,
  embedded: count,
  errors: count,
  roots: v.array(RootStatusSchema),
  vectorBackend: v.picklist(['vss', 'vec']),
  model: nullable(ModelStatusSchema),
  servingModel: v.optional(ModelStatusSchema),
  errorList: v.optional(v.array(v.strictObject({ path: v.string(), reason: v.string(), failedAt: v.string() }))),
  logFile: v.optional(v.string()),
  metadata: v.optional(v.strictObject({ located: count, estimatedDates: count, datesFromFileNames: count, metadataToRefresh: count })),
  places: v.optional(v.array(v.strictObject({ ...PlaceNameEntries, photos: count }))),
});

const SearchHitSchema = v.strictObject({
  rank: count,
  photoId: count,
  path: v.string(),
  score: v.number(),
  match: v.number(),
  close: v.boolean(),
  textMatch: v.boolean(),
  matchedBy: v.optional(v.array(v.strictObject({ field: v.picklist(['name', 'tag', 'place']), words: strings }))),
  width: nullable(count),
  height: nullable(count),
  takenAt: nullable(v.string()),
  takenAtSource: nullable(TakenAtSourceSchema),
  timeOffset: nullable(v.string()),
  location: nullable(GeoLocationSchema),
  place: nullable(PlaceNameSchema),
  duplicates: v.optional(v.array(v.strictObject({ photoId: count, path: v.string(), score: v.number() }))),
  video: v.optional(v.strictObject({ atMs: v.number(), durationMs: nullable(v.number()) })),
  parts: v.optional(v.array(PhotoPartRefSchema)),
});

const SearchResponseSchema = v.strictObject({
  query: v.string(),
  model: v.string(),
  vectorBackend: v.picklist(['vss', 'vec']),
  negative: strings,
  like: v.array(count),
  offset: count,
  hits: v.array(SearchHitSchema),
  closeMatches: count,
});

const PhotoSummaryEntries = {
  id: count,
  path: v.string(),
  width: nullable(count),
  height: nullable(count),
  takenAt: nullable(v.string()),
  hasThumbnail: v.boolean(),
};

const PhotoDetailsSchema = v.strictObject({
  ...PhotoSummaryEntries,
  folder: v.string(),
  size: count,
  format: nullable(v.string()),
  cameraMake: nullable(v.string()),
  cameraModel: nullable(v.string()),
  indexedAt: v.string(),
  takenAtSource: nullable(TakenAtSourceSchema),
  timeOffset: nullable(v.string()),
  location: nullable(GeoLocationSchema),
  place: nullable(PlaceNameSchema),
  parts: v.optional(v.array(PhotoPartRefSchema)),
});

const PhotoPageSchema = v.strictObject({ total: count, offset: count, photos: v.array(v.strictObject(PhotoSummaryEntries)) });
const PhotoDaysSchema = v.array(v.strictObject({ day: nullable(v.string()), count }));

const MarkedPhotosSchema = v.array(v.strictObject({ photoId: count, favourite: v.boolean(), rating: count, rotation: v.picklist([0, 90, 180, 270] as const) }));

const IndexSummarySchema = v.strictObject({
  roots: strings,
  found: count,
  indexed: count,
  reused: count,
  unchanged: count,
  failed: count,
  vanished: count,
  failedFolders: count,
  skipped: SkippedFilesSchema,
  removed: count,
  offline: strings,
  cancelled: v.boolean(),
  seconds: v.number(),
});

const IndexProgressSchema = v.strictObject({
  found: count,
  done: count,
  skipped: count,
  failed: count,
  photosPerSecond: v.number(),
  etaSeconds: nullable(v.number()),
  scanning: v.boolean(),
  paused: v.boolean(),
});

export const IndexingStateSchema = v.strictObject({
  current: nullable(v.string()),
  queued: strings,
  progress: nullable(IndexProgressSchema),
  lastSummary: nullable(IndexSummarySchema),
  lastError: nullable(LumenErrorSchema),
});

const TagSummarySchema = v.strictObject({
  name: v.string(),
  descriptions: strings,
  threshold: v.number(),
  ownThreshold: v.boolean(),
  accepted: count,
  rejected: count,
  suggested: count,
});

export const TagRunStateSchema = v.strictObject({
  running: v.boolean(),
  tags: strings,
  progress: nullable(v.strictObject({ done: count, total: count })),
  lastSummary: nullable(v.strictObject({ tags: strings, photos: count, suggested: v.record(v.string(), count), cancelled: v.boolean(), seconds: v.number() })),
  lastError: nullable(LumenErrorSchema),
});

const CategorySetSummarySchema = v.strictObject({
  name: v.string(),
  unsureBelow: v.number(),
  categories: v.array(v.strictObject({ name: v.string(), descriptions: strings, examples: count, folder: nullable(v.string()), photos: count })),
});

const ClassifyResponseSchema = v.strictObject({
  into: v.string(),
  action: nullable(v.picklist(['copy', 'move'])),
  dryRun: v.boolean(),
  batchId: nullable(count),
  photos: v.array(
    v.strictObject({
      path: v.string(),
      outcome: v.string(),
      ranked: v.array(v.strictObject({ category: v.string(), probability: v.number() })),
      destination: nullable(v.string()),
      error: v.optional(v.string()),
      note: v.optional(v.string()),
    }),
  ),
});

const UndoResponseSchema = v.strictObject({
  batchId: count,
  action: v.picklist(['copy', 'move']),
  description: v.string(),
  restored: v.array(v.strictObject({ from: v.string(), to: nullable(v.string()) })),
  kept: v.array(v.strictObject({ path: v.string(), reason: v.string() })),
});

const ModelsStateSchema = v.strictObject({
  modelsDir: v.string(),
  models: v.array(v.strictObject({ id: v.string(), name: v.string(), family: v.string(), embedDim: count, imageTowerId: v.string(), active: v.boolean() })),
  current: nullable(v.strictObject({ name: v.string(), folder: v.string() })),
  switching: nullable(v.strictObject({ serving: v.string(), embedded: count, photos: count })),
  restartNeeded: v.boolean(),
});

const DeviceChoiceSchema = v.picklist(['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml']);
const DeviceSettingsSchema = v.strictObject({
  choice: DeviceChoiceSchema,
  choices: v.array(DeviceChoiceSchema),
  inUse: v.string(),
  note: v.optional(v.string()),
  unavailable: v.optional(v.array(v.strictObject({ device: DeviceChoiceSchema, sentence: v.string(), detail: v.string() }))),
  restartNeeded: v.boolean(),
});

const ModelCatalogStateSchema = v.strictObject({
  models: v.array(
    v.strictObject({
      id: v.string(),
      name: v.string(),
      family: v.string(),
      languages: strings,
      quality: v.string(),
      qualitySource: v.string(),
      downloadBytes: count,
      sizeKnown: v.boolean(),
      pinned: v.boolean(),
      installed: v.boolean(),
      caveats: strings,
    }),
  ),
  recommended: v.string(),
  onlyDemoModel: v.boolean(),
  usingDemoModel: v.boolean(),
  photos: count,
});

const HistoryEntrySchema = v.strictObject({
  id: count,
  kind: v.picklist(['copy', 'move', 'tag-decision', 'tag-rename', 'tag-delete', 'folder-add', 'folder-remove']),
  description: v.string(),
  at: v.string(),
  undoneAt: nullable(v.string()),
  cannotUndo: v.optional(v.string()),
  batchId: v.optional(count),
});

export const LUMEN_RESULTS = {
  getStatus: LibraryStatusSchema,
  search: SearchResponseSchema,
  listPhotos: PhotoPageSchema,
  getPhoto: PhotoDetailsSchema,
  listPhotoDays: PhotoDaysSchema,
  getPhotoMarks: MarkedPhotosSchema,
  setPhotoMarks: MarkedPhotosSchema,
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
  listSuggestions: v.array(v.strictObject({ photoId: count, path: v.string(), confidence: v.number() })),
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
  undoHistoryEntry: v.strictObject({
    entry: HistoryEntrySchema,
    sentence: v.string(),
    files: v.optional(UndoResponseSchema),
  }),
} as const satisfies Record<LumenMethod, ArgumentSchema>;

/** A method's value as its result schema describes it. */
export type ResultOf<M extends LumenMethod> = v.InferOutput<(typeof LUMEN_RESULTS)[M]>;

/** Methods whose result schema and `LumenApi` value differ in either direction; must be none. */
type MismatchedResults = {
  [M in LumenMethod]: [ResultOf<M>] extends [ValueOf<M>] ? ([ValueOf<M>] extends [ResultOf<M>] ? never : M) : M;
}[LumenMethod];
export const EVERY_RESULT_MATCHES: [MismatchedResults] extends [never] ? true : MismatchedResults = true;
