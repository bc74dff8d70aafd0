/**
 * The part of the contract that organizes photos from the window: tags (manual, auto-tag runs in the
 * background, review of suggestions) and categories (sets, classify dropped files, file them into
 * category folders, undo). Plain data only; `LumenApi` (contract.ts) extends `OrganizeApi`.
 */
import type { CategorySetSummary, ClassifyResponse, TagSuggestion, TagSummary, UndoResponse } from './contract';
import type { InferOutput } from 'valibot';
import type {
  ClassifyFilesRequestSchema,
  ClassifyImageRequestSchema,
  NewCategoryRequestSchema,
  NewTagRequestSchema,
  RenameTagRequestSchema,
  SuggestionDecisionSchema,
  TagPhotosRequestSchema,
  TagRunRequestSchema,
} from './contract-arguments';
import type { TagRunStateSchema } from './contract-results';
import type { Result } from './result';
import { CATEGORY_EDIT_METHODS, type CategoryEditApi } from './contract-categories';

export type NewTagRequest = InferOutput<typeof NewTagRequestSchema>;
export type RenameTagRequest = InferOutput<typeof RenameTagRequestSchema>;
/** Tag photos by hand: they become accepted examples the tag learns from. */
export type TagPhotosRequest = InferOutput<typeof TagPhotosRequestSchema>;
/** An auto-tag run: chosen tags over a folder, chosen photos, or (neither) the whole library. */
export type TagRunRequest = InferOutput<typeof TagRunRequestSchema>;

/** The window's view of auto-tagging: one run at a time, polled like indexing. */
export type TagRunState = InferOutput<typeof TagRunStateSchema>;

export type SuggestionDecision = InferOutput<typeof SuggestionDecisionSchema>;
export type NewCategoryRequest = InferOutput<typeof NewCategoryRequestSchema>;
/** Classify files by path (desktop drops, library thumbnails); with `action`, file them too. */
export type ClassifyFilesRequest = InferOutput<typeof ClassifyFilesRequestSchema>;
/** Classify one dropped image that has no path (a browser drop): its bytes as base64. Never filed. */
export type ClassifyImageRequest = InferOutput<typeof ClassifyImageRequestSchema>;

export interface OrganizeApi extends CategoryEditApi {
  listTags(): Promise<Result<TagSummary[]>>;
  addTag(request: NewTagRequest): Promise<Result<TagSummary>>;
  renameTag(request: RenameTagRequest): Promise<Result<TagSummary>>;
  /** Returns the tags left. */
  deleteTag(name: string): Promise<Result<TagSummary[]>>;
  tagPhotos(request: TagPhotosRequest): Promise<Result<TagSummary>>;
  startTagRun(request: TagRunRequest): Promise<Result<TagRunState>>;
  getTagRun(): Promise<Result<TagRunState>>;
  cancelTagRun(): Promise<Result<TagRunState>>;
  /** Stops the classify batches in progress before they copy or move anything more; false when none was running. */
  cancelClassify(): Promise<Result<boolean>>;
  /** The tag's standing suggestions, most confident first. */
  listSuggestions(tag: string): Promise<Result<TagSuggestion[]>>;
  decideSuggestions(request: SuggestionDecision): Promise<Result<TagSummary>>;
  listCategorySets(): Promise<Result<CategorySetSummary[]>>;
  addCategory(request: NewCategoryRequest): Promise<Result<CategorySetSummary>>;
  classifyFiles(request: ClassifyFilesRequest): Promise<Result<ClassifyResponse>>;
  classifyImage(request: ClassifyImageRequest): Promise<Result<ClassifyResponse>>;
  /** Puts back the files of the last copy or move. */
  undoLast(): Promise<Result<UndoResponse>>;
}

export const ORGANIZE_METHODS = {
  ...CATEGORY_EDIT_METHODS,
  listTags: true,
  addTag: true,
  renameTag: true,
  deleteTag: true,
  tagPhotos: true,
  startTagRun: true,
  getTagRun: true,
  cancelTagRun: true,
  cancelClassify: true,
  listSuggestions: true,
  decideSuggestions: true,
  listCategorySets: true,
  addCategory: true,
  classifyFiles: true,
  classifyImage: true,
  undoLast: true,
} as const satisfies Record<keyof OrganizeApi, true>;
