import type { PhotoPlaceFields } from '../../library/photo-repository';
import type { Gazetteer } from '../../places/gazetteer';
import { readPhotoMetadata } from '../photo-metadata';
import { appleContentIdentifier } from './apple-content-identifier';
import { readPhotoFacts } from './photo-facts';

export type PhotoFields = PhotoPlaceFields & { takenAt: string; cameraMake: string | null; cameraModel: string | null };

export interface PhotoFieldSources {
  path: string;
  bytes: Uint8Array;
  mtimeMs: number;
  exif: Buffer | undefined;
}

/**
 * Everything the library records about a photo beyond its pixels, as columns: date (with its
 * source and zone), camera, GPS and the place in words. The gazetteer is asked for only when the
 * photo has GPS; a gazetteer that cannot load leaves the place empty and the photo indexed.
 */
export async function readPhotoFields(sources: PhotoFieldSources, gazetteer: () => Promise<Gazetteer>): Promise<PhotoFields> {
  const exif = await readPhotoMetadata(sources.exif);
  const facts = await readPhotoFacts({ path: sources.path, bytes: sources.bytes, mtimeMs: sources.mtimeMs, exif });
  const { location } = facts;
  const place = location
    ? await gazetteer().then(
        (g) => g.placeOf(location.latitude, location.longitude),
        () => null,
      )
    : null;
  return {
    takenAt: facts.takenAt,
    takenAtSource: facts.takenAtSource,
    timeOffset: facts.timeOffset,
    cameraMake: facts.cameraMake,
    cameraModel: facts.cameraModel,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    altitude: location?.altitude ?? null,
    placeCity: place?.city ?? null,
    placeRegion: place?.region ?? null,
    placeCountry: place?.country ?? null,
    placeCountryCode: place?.countryCode ?? null,
    contentIdentifier: appleContentIdentifier(sources.exif),
  };
}
