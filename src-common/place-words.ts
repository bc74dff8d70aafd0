import type { PlaceName } from './contract';

type PlaceWords = Pick<PlaceName, 'city' | 'region' | 'country'>;

/**
 * A place as people write it: "San Francisco, California, United States". The region is left out
 * where it only repeats the town's name (Lisbon, in the Lisbon district: "Lisbon, Portugal").
 */
export function placeLabel(place: PlaceWords): string {
  const region = place.region !== null && place.region !== place.city ? place.region : null;
  return [place.city, region, place.country].filter((part) => part !== null).join(', ');
}

/**
 * The place's words as the text index holds them (town, region, country): as a `places` filter,
 * this phrase finds exactly this place, and no same-named town in another region.
 */
export function placePhrase(place: PlaceWords): string {
  return [place.city, place.region, place.country].filter((part) => part !== null).join(' ');
}
