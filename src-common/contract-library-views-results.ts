/** What the duplicates, folder-tree and map calls answer, as valibot schemas (the table is contract-results.ts's). */
import * as v from 'valibot';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const DuplicatePhotoSchema = v.strictObject({
  id: count,
  path: v.string(),
  /** The folder the file is in. */
  folder: v.string(),
  /** Bytes. */
  size: count,
  width: v.nullable(count),
  height: v.nullable(count),
  takenAt: v.nullable(v.string()),
  hasThumbnail: v.boolean(),
});

export const DuplicateGroupSchema = v.strictObject({
  /** `same-file`: every copy has the same bytes; `similar`: near-identical pictures (re-encoded, resized, lightly edited). */
  kind: v.picklist(['same-file', 'similar']),
  /** The copy to keep first (the largest resolution, then the oldest), then the others. */
  photos: v.array(DuplicatePhotoSchema),
});

export const MovedDuplicateSchema = v.strictObject({ photoId: count, from: v.string(), to: v.string() });

export const MoveDuplicatesResponseSchema = v.strictObject({
  /** The journal batch Undo (`undoLast`, `lumen undo`) puts back; null when nothing was moved. */
  batchId: v.nullable(count),
  /** Files moved (and so no longer in the library). */
  moved: v.array(MovedDuplicateSchema),
  /** Files left where they were, each with why. */
  failed: v.array(v.strictObject({ photoId: count, path: v.string(), reason: v.string() })),
});

const FolderEntriesSchema = v.strictObject({
  path: v.string(),
  /** The last part of the path (the library folder's full path for a library folder). */
  name: v.string(),
  /** Photos in this folder and every folder below it (as the grid counts them). */
  photos: count,
});

/** A folder and its subfolders: a recursive type cannot be inferred, so only `children` is spelled out here. */
type FolderTree = v.InferOutput<typeof FolderEntriesSchema> & { children: FolderTree[] };

export const FolderNodeSchema: v.GenericSchema<FolderTree> = v.strictObject({
  ...FolderEntriesSchema.entries,
  children: v.array(v.lazy(() => FolderNodeSchema)),
});

export const PhotoSpotSchema = v.strictObject({ latitude: v.number(), longitude: v.number(), photos: count });

export const LIBRARY_VIEW_RESULTS = {
  listDuplicates: v.array(DuplicateGroupSchema),
  moveDuplicates: MoveDuplicatesResponseSchema,
  listFolderTree: v.array(FolderNodeSchema),
  listPhotoSpots: v.array(PhotoSpotSchema),
} as const;
