import type { CancellationToken } from '../../../src-common/cancellation';
import type { LibraryDb } from '../library/library-db';
import type { Logger } from '../logging/logger';
import type { Gazetteer } from './gazetteer';

/** The metadata version before regions were stored: such a photo lacks only its region, which its stored GPS gives. */
const BEFORE_REGIONS = 2;
const REGIONS = 3;
/** Photos updated per transaction; the event loop runs between them so the library keeps answering. */
const CHUNK = 500;

interface Located {
  id: number;
  latitude: number;
  longitude: number;
}

/**
 * Photos read by the Lumen before regions were stored have everything but their region: it comes from
 * their stored GPS and the gazetteer, with no file read again, so upgrading does not ask for a
 * `--refresh-metadata` run that decodes every photo. Returns how many photos got a place; the
 * gazetteer is loaded only when some photo needs it.
 */
export async function fillPlaceRegions(db: LibraryDb, loadGazetteer: () => Promise<Gazetteer>, token: CancellationToken, logger: Logger): Promise<number> {
  const pending = db
    .prepare<[number], Located>(
      'SELECT id, latitude, longitude FROM photos WHERE metadata_version = ? AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY id',
    )
    .all(BEFORE_REGIONS);
  const placed = pending.length === 0 ? 0 : await placeAll(db, await loadGazetteer(), pending, token);
  if (token.isCancellationRequested) return placed;
  // Without GPS there was nothing else to read again.
  const bumped = db
    .prepare<[number, number]>('UPDATE photos SET metadata_version = ? WHERE metadata_version = ? AND (latitude IS NULL OR longitude IS NULL)')
    .run(REGIONS, BEFORE_REGIONS).changes;
  if (placed > 0 || bumped > 0) logger.info({ placed, withoutGps: bumped }, 'places completed with regions from stored GPS');
  return placed;
}

async function placeAll(db: LibraryDb, gazetteer: Gazetteer, photos: readonly Located[], token: CancellationToken): Promise<number> {
  const update = db.prepare<[{ id: number; city: string | null; region: string | null; country: string | null; code: string | null; version: number }]>(
    `UPDATE photos SET place_city = @city, place_region = @region, place_country = @country, place_country_code = @code, metadata_version = @version
     WHERE id = @id AND metadata_version = ${BEFORE_REGIONS}`,
  );
  let placed = 0;
  for (let start = 0; start < photos.length; start += CHUNK) {
    if (token.isCancellationRequested) break;
    db.transaction(() => {
      for (const photo of photos.slice(start, start + CHUNK)) {
        const place = gazetteer.placeOf(photo.latitude, photo.longitude);
        update.run({
          id: photo.id,
          city: place?.city ?? null,
          region: place?.region ?? null,
          country: place?.country ?? null,
          code: place?.countryCode ?? null,
          version: REGIONS,
        });
        if (place) placed++;
      }
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return placed;
}
