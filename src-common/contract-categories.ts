/**
 * The part of the contract that edits what tags and categories mean and files photos by hand:
 * a tag's descriptions, a category's name, descriptions and folder, deleting a category, and filing
 * photos into a category a person picked. Plain data only; `LumenApi` (contract.ts) extends it.
 */
import type { InferOutput } from 'valibot';
import type { CategorySetSummary, ClassifyResponse, TagSummary } from './contract';
import type { CategoryEditRequestSchema, CategoryRefSchema, FileIntoRequestSchema, TagDescriptionsRequestSchema } from './contract-category-arguments';
import type { Result } from './result';

export type TagDescriptionsRequest = InferOutput<typeof TagDescriptionsRequestSchema>;
export type CategoryRef = InferOutput<typeof CategoryRefSchema>;
export type CategoryEditRequest = InferOutput<typeof CategoryEditRequestSchema>;
export type FileIntoRequest = InferOutput<typeof FileIntoRequestSchema>;

/** A change to a category: each field given replaces what it had; `folder` null goes back to the default subfolder. */
export interface CategoryChange {
  name?: string;
  descriptions?: string[];
  folder?: string | null;
}

export interface CategoryEditApi {
  /** Replaces the tag's descriptions; the next auto-tag run scores and calibrates it from the new words. */
  describeTag(request: TagDescriptionsRequest): Promise<Result<TagSummary>>;
  /** Changes a category's name, descriptions or folder; answers its set as it is now. */
  editCategory(request: CategoryEditRequest): Promise<Result<CategorySetSummary>>;
  /** Deletes a category (its set too when it was the last); photos and files stay. Answers the sets left. */
  deleteCategory(request: CategoryRef): Promise<Result<CategorySetSummary[]>>;
  /** Copies or moves the files into the category's folder, each with its own outcome; `undoLast` puts them back. */
  fileIntoCategory(request: FileIntoRequest): Promise<Result<ClassifyResponse>>;
}

export const CATEGORY_EDIT_METHODS = {
  describeTag: true,
  editCategory: true,
  deleteCategory: true,
  fileIntoCategory: true,
} as const satisfies Record<keyof CategoryEditApi, true>;
