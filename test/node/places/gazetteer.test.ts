/** Offline reverse geocoding from the bundled GeoNames towns. */
import { beforeAll, expect, it } from 'vitest';
import { Gazetteer, MAX_PLACE_DISTANCE_KM } from '../../../src-main/node/places/gazetteer';

let gazetteer: Gazetteer;
beforeAll(async () => {
  gazetteer = await Gazetteer.load();
});

it('names the town, region and country of a point', () => {
  expect(gazetteer.placeOf(38.7075, -9.1364)).toEqual({ city: 'Lisbon', region: 'Lisbon', country: 'Portugal', countryCode: 'PT' });
  expect(gazetteer.placeOf(37.7793, -122.4193)).toMatchObject({ city: 'San Francisco', region: 'California', countryCode: 'US' });
  // GeoNames' own division codes, not ISO 3166-2: Bavaria is DE.02 there, DE-BY in ISO.
  expect(gazetteer.placeOf(48.1374, 11.5755)).toMatchObject({ city: 'Munich', region: 'Bavaria' });
  expect(gazetteer.placeOf(-33.8568, 151.2153)).toMatchObject({ city: 'Sydney', countryCode: 'AU' });
  expect(gazetteer.placeOf(64.1466, -21.9426)).toMatchObject({ country: 'Iceland' });
});

it(`gives no place farther than ${MAX_PLACE_DISTANCE_KM} km from any town (open sea)`, () => {
  expect(gazetteer.placeOf(0, -30)).toBeNull();
  expect(gazetteer.placeOf(-50, -120)).toBeNull();
});
