/**
 * Photos read before regions were stored get theirs from their stored GPS when the library opens,
 * with no file read again; photos read by an older Lumen still are left to --refresh-metadata.
 */
import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { CancellationTokenSource, NEVER_CANCELLED } from '../../../src-common/cancellation';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { METADATA_VERSION, PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { discardingLogger } from '../../../src-main/node/logging/logger';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { Gazetteer } from '../../../src-main/node/places/gazetteer';
import { fillPlaceRegions } from '../../../src-main/node/places/region-fill';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let gazetteer: Gazetteer;
let cleanup: () => void;
let db: LibraryDb;
let photos: PhotoRepository;
let rootId: number;

beforeAll(async () => {
  gazetteer = await Gazetteer.load();
});
beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  db = LibraryDb.open(temp.dir);
  photos = new PhotoRepository(db);
  rootId = photos.upsertRoot('/lib');
});
afterEach(() => {
  db.close();
  cleanup();
});

/** A photo as an older Lumen stored it: town and country from its GPS, no region, and that Lumen's metadata version. */
function olderPhoto(name: string, version: number, gps: { latitude: number; longitude: number; city: string; country: string } | null): number {
  const id = photos.upsertPhoto(photoInput(rootId, `/lib/${name}`));
  db.connection
    .prepare(
      `UPDATE photos SET metadata_version = ?, latitude = ?, longitude = ?, place_city = ?, place_region = NULL, place_country = ?, place_country_code = NULL WHERE id = ?`,
    )
    .run(version, gps?.latitude ?? null, gps?.longitude ?? null, gps?.city ?? null, gps?.country ?? null, id);
  return id;
}

const placeOf = (id: number) =>
  db.connection
    .prepare(
      'SELECT place_city AS city, place_region AS region, place_country AS country, place_country_code AS code, metadata_version AS version FROM photos WHERE id = ?',
    )
    .get(id);

it('gives photos read before regions their region from the stored GPS, marks them current, and finds them by the region in a word search', async () => {
  const sanFrancisco = olderPhoto('sf.jpg', 2, { latitude: 37.7793, longitude: -122.4193, city: 'San Francisco', country: 'United States' });
  const munich = olderPhoto('munich.jpg', 2, { latitude: 48.1374, longitude: 11.5755, city: 'Munich', country: 'Germany' });
  const noGps = olderPhoto('scan.jpg', 2, null);
  const atSea = olderPhoto('sea.jpg', 2, { latitude: 0, longitude: -30, city: '', country: '' });
  const tooOld = olderPhoto('old.jpg', 1, { latitude: 38.7075, longitude: -9.1364, city: 'Lisbon', country: 'Portugal' });

  let loads = 0;
  const placed = await fillPlaceRegions(db, () => (loads++, Promise.resolve(gazetteer)), NEVER_CANCELLED, discardingLogger);

  expect(placed).toBe(2);
  expect(loads).toBe(1);
  expect(placeOf(sanFrancisco)).toEqual({ city: 'San Francisco', region: 'California', country: 'United States', code: 'US', version: METADATA_VERSION });
  expect(placeOf(munich)).toMatchObject({ region: 'Bavaria', version: METADATA_VERSION });
  // Nothing else was missing for a photo without GPS; one at sea has no place at all.
  expect(placeOf(noGps)).toMatchObject({ region: null, version: METADATA_VERSION });
  expect(placeOf(atSea)).toMatchObject({ city: null, region: null, version: METADATA_VERSION });
  // A photo read by an older Lumen still lacks its Live Photo identifier: --refresh-metadata reads it whole.
  expect(placeOf(tooOld)).toMatchObject({ region: null, version: 1 });
  const found = db.connection.prepare("SELECT rowid FROM photo_text WHERE photo_text MATCH 'place:California'").pluck().all();
  expect(found).toEqual([sanFrancisco]);
});

it('loads no gazetteer when no photo needs a region, and stops between chunks when cancelled', async () => {
  let loads = 0;
  const load = () => (loads++, Promise.resolve(gazetteer));
  expect(await fillPlaceRegions(db, load, NEVER_CANCELLED, discardingLogger)).toBe(0);
  expect(loads).toBe(0);

  const ids = Array.from({ length: 1200 }, (_, i) =>
    olderPhoto(`p${i}.jpg`, 2, { latitude: 37.7793, longitude: -122.4193, city: 'San Francisco', country: 'United States' }),
  );
  const source = new CancellationTokenSource();
  const filling = fillPlaceRegions(db, load, source.token, discardingLogger);
  source.cancel();
  const placed = await filling;
  expect(placed).toBeLessThan(ids.length);
  // What was not reached is left as it was, for the next start.
  expect(placeOf(ids.at(-1) as number)).toMatchObject({ region: null, version: 2 });
  expect(await fillPlaceRegions(db, load, NEVER_CANCELLED, discardingLogger)).toBe(ids.length - placed);
  expect(placeOf(ids.at(-1) as number)).toMatchObject({ region: 'California', version: METADATA_VERSION });
});

it('runs in the background when a library is opened', async () => {
  const sanFrancisco = olderPhoto('sf.jpg', 2, { latitude: 37.7793, longitude: -122.4193, city: 'San Francisco', country: 'United States' });
  const libraryDir = db.dir;
  db.close();
  const services = await LumenServices.open({ libraryDir, logger: discardingLogger });
  try {
    const regionOf = () => services.db.connection.prepare('SELECT place_region FROM photos WHERE id = ?').pluck().get(sanFrancisco);
    await vi.waitFor(() => expect(regionOf()).toBe('California'), { timeout: 60_000, interval: 100 });
  } finally {
    await services.dispose();
    db = LibraryDb.open(libraryDir);
  }
});
