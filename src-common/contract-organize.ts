/**
 * The part of the contract that organizes photos from the window: tags (manual, auto-tag runs in the
 * background, review of suggestions) and categories (sets, classify dropped files, file them into
 * category folders, undo). Plain data only; `LumenApi` (contract.ts) extends `OrganizeApi`.
 */
import type {
  CategorySetSummary,
  ClassifyResponse,
  TagRunProgress,
  TagRunSummary,
  TagSuggestion,
  TagSummary,
  UndoResponse,
} from './contract';
import type { LumenError, Result } from './result';

export interface NewTagRequest {
  name: string;
  /** Extra words that say what the tag means ("sea and sand"); the name always counts. */
  descriptions?: string[];
}

export interface RenameTagRequest {
  from: string;
  to: string;
}

/** Tag photos by hand: they become accepted examples the tag learns from. */
export interface TagPhotosRequest {
  tag: string;
  photos: number[];
}

/** An auto-tag run: chosen tags over a folder, chosen photos, or (neither) the whole library. */
export interface TagRunRequest {
  tags: string[];
  folder?: string;
  photos?: number[];
}

/** The window's view of auto-tagging: one run at a time, polled like indexing. */
export interface TagRunState {
  running: boolean;
  /** Tags of the run going on, or of the last one. */
  tags: string[];
  progress: TagRunProgress | null;
  /** The last finished run, kept until the next one starts. */
  lastSummary: TagRunSummary | null;
  lastError: LumenError | null;
}

export interface SuggestionDecision {
  tag: string;
  decision: 'accept' | 'reject';
  /** Photo ids of the suggestions decided; absent: every current suggestion of the tag. */
  photos?: number[];
}

export interface NewCategoryRequest {
  /** The category set (created when new). */
  set: string;
  name: string;
  descriptions?: string[];
  /** Where filed photos of this category go; default: a subfolder named after it next to each photo. */
  folder?: string;
}

/** Classify files by path (desktop drops, library thumbnails); with `action`, file them too. */
export interface ClassifyFilesRequest {
  into: string;
  files: string[];
  action?: 'copy' | 'move';
}

/** Classify one dropped image that has no path (a browser drop): its bytes as base64. Never filed. */
export interface ClassifyImageRequest {
  into: string;
  name: string;
  /** The image file's bytes, base64; at most MAX_IMAGE_BASE64 characters (fits the server's 1 MiB bodies). */
  data: string;
}

export interface OrganizeApi {
  listTags(): Promise<Result<TagSummary[]>>;
  addTag(request: NewTagRequest): Promise<Result<TagSummary>>;
  renameTag(request: RenameTagRequest): Promise<Result<TagSummary>>;
  /** Returns the tags left. */
  deleteTag(name: string): Promise<Result<TagSummary[]>>;
  tagPhotos(request: TagPhotosRequest): Promise<Result<TagSummary>>;
  startTagRun(request: TagRunRequest): Promise<Result<TagRunState>>;
  getTagRun(): Promise<Result<TagRunState>>;
  cancelTagRun(): Promise<Result<TagRunState>>;
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

export const ORGANIZE_METHODS: readonly (keyof OrganizeApi)[] = [
  'listTags',
  'addTag',
  'renameTag',
  'deleteTag',
  'tagPhotos',
  'startTagRun',
  'getTagRun',
  'cancelTagRun',
  'listSuggestions',
  'decideSuggestions',
  'listCategorySets',
  'addCategory',
  'classifyFiles',
  'classifyImage',
  'undoLast',
];
