/**
 * Where the library's photos were taken, for the window's offline map: positions rounded to three
 * decimals (about 100 m), so a thousand photos of one garden are one spot with a count and the answer
 * stays small for big libraries. Photos of folders that cannot be reached are left out, as in search.
 */
import type { PhotoSpot } from '../../../src-common/contract-library-views';
import type { LibraryDb } from '../library/library-db';

const LEADS_ONLY = 'NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = photos.id)';

export function photoSpots(db: LibraryDb): PhotoSpot[] {
  return db
    .prepare<[], PhotoSpot>(
      `SELECT round(latitude, 3) AS latitude, round(longitude, 3) AS longitude, count(*) AS photos FROM photos
       WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND ${LEADS_ONLY}
         AND root_id IN (SELECT id FROM roots WHERE online = 1)
       GROUP BY round(latitude, 3), round(longitude, 3) ORDER BY photos DESC, latitude, longitude`,
    )
    .all();
}
