/**
 * Each contract method's argument schema, in one table that must name every method of `LumenApi`
 * and no other (it does not compile otherwise), with the types checked against the API's
 * signatures below. The one dispatcher (validated-dispatcher.ts) parses every call with it.
 */
import type { InferOutput } from 'valibot';
import type { LumenApi, LumenMethod } from './contract';
import {
  ClassifyFilesRequestSchema,
  ClassifyImageRequestSchema,
  DeviceChoiceSchema,
  FolderPathSchema,
  IndexingActionSchema,
  ModelIdSchema,
  InstallModelRequestSchema,
  NewCategoryRequestSchema,
  NewTagRequestSchema,
  PhotoIdSchema,
  PhotoListingRequestSchema,
  PhotoPageRequestSchema,
  RenameTagRequestSchema,
  SearchRequestSchema,
  SuggestionDecisionSchema,
  TagNameSchema,
  TagPhotosRequestSchema,
  TagRunRequestSchema,
} from './contract-arguments';
import { HistoryUndoRequestSchema } from './contract-history';
import { EXCLUDE_ARGUMENTS } from './contract-exclude';
import { MoveDuplicatesRequestSchema } from './contract-library-views-arguments';
import { PhotoIdListSchema, PhotoMarksChangeSchema } from './contract-marks-arguments';
import { CategoryEditRequestSchema, CategoryRefSchema, FileIntoRequestSchema, TagDescriptionsRequestSchema } from './contract-category-arguments';
import type { Result } from './result';
import { NoArgumentSchema, type ArgumentSchema } from './schema-kit';

export const LUMEN_ARGUMENTS = {
  getStatus: NoArgumentSchema,
  search: SearchRequestSchema,
  listPhotos: PhotoPageRequestSchema,
  getPhoto: PhotoIdSchema,
  listPhotoDays: PhotoListingRequestSchema,
  getPhotoMarks: PhotoIdListSchema,
  setPhotoMarks: PhotoMarksChangeSchema,
  getPhotoTags: PhotoIdSchema,
  listDuplicates: NoArgumentSchema,
  moveDuplicates: MoveDuplicatesRequestSchema,
  listFolderTree: NoArgumentSchema,
  listPhotoSpots: NoArgumentSchema,
  addFolder: FolderPathSchema,
  removeFolder: FolderPathSchema,
  reindexAll: NoArgumentSchema,
  retryFailedFiles: NoArgumentSchema,
  getIndexing: NoArgumentSchema,
  controlIndexing: IndexingActionSchema,
  listTags: NoArgumentSchema,
  addTag: NewTagRequestSchema,
  renameTag: RenameTagRequestSchema,
  deleteTag: TagNameSchema,
  tagPhotos: TagPhotosRequestSchema,
  startTagRun: TagRunRequestSchema,
  getTagRun: NoArgumentSchema,
  cancelTagRun: NoArgumentSchema,
  cancelClassify: NoArgumentSchema,
  listSuggestions: TagNameSchema,
  decideSuggestions: SuggestionDecisionSchema,
  listCategorySets: NoArgumentSchema,
  addCategory: NewCategoryRequestSchema,
  classifyFiles: ClassifyFilesRequestSchema,
  classifyImage: ClassifyImageRequestSchema,
  undoLast: NoArgumentSchema,
  describeTag: TagDescriptionsRequestSchema,
  editCategory: CategoryEditRequestSchema,
  deleteCategory: CategoryRefSchema,
  fileIntoCategory: FileIntoRequestSchema,
  listModels: NoArgumentSchema,
  useModel: ModelIdSchema,
  addModel: FolderPathSchema,
  getDevice: NoArgumentSchema,
  setDevice: DeviceChoiceSchema,
  modelCatalog: NoArgumentSchema,
  installModel: InstallModelRequestSchema,
  removeModel: ModelIdSchema,
  cancelModelInstall: NoArgumentSchema,
  ...EXCLUDE_ARGUMENTS,
  listHistory: NoArgumentSchema,
  undoHistoryEntry: HistoryUndoRequestSchema,
} as const satisfies Record<LumenMethod, ArgumentSchema>;

/** What a method's handler receives: its argument as the schema parsed it. */
export type ArgumentOf<M extends LumenMethod> = InferOutput<(typeof LUMEN_ARGUMENTS)[M]>;

/** What a method answers when it succeeds. */
export type ValueOf<M extends LumenMethod> = Awaited<ReturnType<LumenApi[M]>> extends Result<infer T> ? T : never;

/** Methods whose `LumenApi` parameter is not what their schema gives; must be none. */
type MismatchedArguments = {
  [M in LumenMethod]: Parameters<LumenApi[M]> extends []
    ? undefined extends ArgumentOf<M>
      ? never
      : M
    : [ArgumentOf<M>] extends [Parameters<LumenApi[M]>[0]]
      ? never
      : M;
}[LumenMethod];
export const EVERY_ARGUMENT_MATCHES: [MismatchedArguments] extends [never] ? true : MismatchedArguments = true;
