/**
 * What each kind of history entry keeps to be taken back (stored as JSON in `history.payload`).
 * Tag rows are kept as they were before the change, so undo writes them back exactly.
 */
import type { MarkedPhoto, PhotoMarks } from '../../../src-common/contract-browse';
import type { HistoryKind } from '../../../src-common/contract-history';

export interface TagRowSnapshot {
  photoId: number;
  state: 'accepted' | 'rejected' | 'suggested';
  source: 'manual' | 'auto';
  confidence: number | null;
}

export type HistoryRecord =
  | { kind: 'copy' | 'move'; batchId: number; photos: number }
  /** `before`: the rows of `photoIds` before the decision; a photo without one had no row. */
  | { kind: 'tag-decision'; tagId: number; tag: string; decision: 'accepted' | 'rejected' | 'cleared'; photoIds: number[]; before: TagRowSnapshot[] }
  | { kind: 'tag-rename'; tagId: number; from: string; to: string }
  | { kind: 'tag-delete'; tagId: number; tag: string; descriptions: string[]; threshold: number | null; rows: TagRowSnapshot[] }
  | { kind: 'folder-add'; path: string }
  /** `decisions` and `marks`: the tag decisions and marks of the folder's photos, by path, put back once the folder is read again. */
  | { kind: 'folder-remove'; path: string; decisions?: FolderTagDecision[]; marks?: FolderPhotoMarks[] }
  /** `change`: the marks set on every photo; `before`: each photo it changed, with all its marks as they were. */
  | { kind: 'photo-marks'; change: Partial<PhotoMarks>; before: MarkedPhoto[] }
  /** A category's name, descriptions and folder before and after an edit (`set`: its set's name, for the sentences). */
  | { kind: 'category-edit'; categoryId: number; set: string; before: CategoryFields; after: CategoryFields };

export interface CategoryFields {
  name: string;
  descriptions: string[];
  /** Null: the default subfolder next to each photo. */
  folder: string | null;
}

export interface FolderTagDecision {
  path: string;
  tag: string;
  state: 'accepted' | 'rejected';
  source: 'manual' | 'auto';
}

/** A photo's favourite, stars and rotation, by its path. */
export interface FolderPhotoMarks extends PhotoMarks {
  path: string;
}

export function isHistoryKind(value: string): value is HistoryKind {
  return ['copy', 'move', 'tag-decision', 'tag-rename', 'tag-delete', 'folder-add', 'folder-remove', 'photo-marks', 'category-edit'].includes(value);
}
