import type { GeoLocation, PlaceName, TakenAtSource } from '../../../src-common/contract';
import type { PhotoPlaceFields } from '../library/photo-repository';

export interface WhereAndWhen {
  takenAtSource: TakenAtSource | null;
  timeOffset: string | null;
  location: GeoLocation | null;
  place: PlaceName | null;
}

/** A photo's stored GPS, zone, date source and place, as the contract shows them (search hits, photo details). */
export function whereAndWhen(photo: PhotoPlaceFields): WhereAndWhen {
  const { latitude, longitude, altitude, placeCity, placeRegion, placeCountry, placeCountryCode } = photo;
  return {
    takenAtSource: photo.takenAtSource,
    timeOffset: photo.timeOffset,
    location: latitude !== null && longitude !== null ? { latitude, longitude, altitude } : null,
    place:
      placeCity !== null && placeCountry !== null && placeCountryCode !== null
        ? { city: placeCity, region: placeRegion, country: placeCountry, countryCode: placeCountryCode }
        : null,
  };
}
