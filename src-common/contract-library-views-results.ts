/** What the duplicates, folder-tree and map calls answer, as valibot schemas (the table is contract-results.ts's). */
import * as v from 'valibot';
import type { FolderNode } from './contract-library-views';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const DuplicatePhotoSchema = v.strictObject({
  id: count,
  path: v.string(),
  folder: v.string(),
  size: count,
  width: v.nullable(count),
  height: v.nullable(count),
  takenAt: v.nullable(v.string()),
  hasThumbnail: v.boolean(),
});

const FolderNodeSchema: v.GenericSchema<FolderNode> = v.strictObject({
  path: v.string(),
  name: v.string(),
  photos: count,
  children: v.array(v.lazy(() => FolderNodeSchema)),
});

export const LIBRARY_VIEW_RESULTS = {
  listDuplicates: v.array(v.strictObject({ kind: v.picklist(['same-file', 'similar']), photos: v.array(DuplicatePhotoSchema) })),
  moveDuplicates: v.strictObject({
    batchId: v.nullable(count),
    moved: v.array(v.strictObject({ photoId: count, from: v.string(), to: v.string() })),
    failed: v.array(v.strictObject({ photoId: count, path: v.string(), reason: v.string() })),
  }),
  listFolderTree: v.array(FolderNodeSchema),
  listPhotoSpots: v.array(v.strictObject({ latitude: v.number(), longitude: v.number(), photos: count })),
} as const;
