import type { PhotoMetadataCounts, PlaceCount } from '../../../src-common/contract';
import type { LibraryDb } from '../library/library-db';
import { METADATA_VERSION } from '../library/photo-repository';

/** The library's places with their photo counts, and how its photos got their dates and places. */
export class PlaceStats {
  constructor(private readonly db: LibraryDb) {}

  /** Every place with photos, most photos first (the `places` facet). */
  listPlaces(): PlaceCount[] {
    return this.db
      .prepare<[], PlaceCount>(
        `SELECT place_city AS city, place_region AS region, place_country AS country, place_country_code AS countryCode, count(*) AS photos
         FROM photos WHERE place_city IS NOT NULL
         GROUP BY place_country_code, place_country, place_region, place_city ORDER BY photos DESC, country, region, city`,
      )
      .all();
  }

  counts(): PhotoMetadataCounts {
    const row = this.db
      .prepare<[number], PhotoMetadataCounts>(
        `SELECT count(latitude) AS located,
                count(*) FILTER (WHERE taken_at_source = 'file-time') AS estimatedDates,
                count(*) FILTER (WHERE taken_at_source = 'file-name') AS datesFromFileNames,
                count(*) FILTER (WHERE metadata_version < ?) AS metadataToRefresh
         FROM photos`,
      )
      .get(METADATA_VERSION);
    return row ?? { located: 0, estimatedDates: 0, datesFromFileNames: 0, metadataToRefresh: 0 };
  }
}
