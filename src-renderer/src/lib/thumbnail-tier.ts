/**
 * Which thumbnail a grid cell asks for: the smallest that covers the cell's CSS pixels times the
 * display's device pixel ratio, so thumbnails look sharp on large cells and 2× displays without
 * fetching big ones for small cells. The services make the 320 px one while indexing and the larger
 * ones on first request (src-main/node/api/library-files.ts).
 */
import type { MediaKindName } from '../../../src-common/lumen-host';

export const THUMBNAIL_TIERS: ReadonlyArray<{ kind: MediaKindName; longSide: number }> = [
  { kind: 'thumbnail', longSide: 320 },
  { kind: 'thumbnail-640', longSide: 640 },
  { kind: 'thumbnail-1280', longSide: 1280 },
];

export function thumbnailKindFor(cellCssPixels: number, devicePixelRatio: number): MediaKindName {
  const needed = cellCssPixels * (devicePixelRatio > 0 ? devicePixelRatio : 1);
  const tier = THUMBNAIL_TIERS.find((t) => t.longSide >= needed) ?? THUMBNAIL_TIERS[THUMBNAIL_TIERS.length - 1];
  return tier?.kind ?? 'thumbnail';
}
