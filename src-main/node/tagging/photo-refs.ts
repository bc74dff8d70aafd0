import { resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import type { PhotoRepository } from '../library/photo-repository';

/** Library photo ids for ids or paths as a person gives them; an unknown one is an error, not a silent skip. */
export function resolvePhotoRefs(photos: PhotoRepository, refs: ReadonlyArray<number | string>): number[] {
  return refs.map((ref) => {
    if (typeof ref === 'number') {
      if (!photos.getPhotos([ref])[0]) throw new LumenFailure('unknown-photo', `no photo with id ${ref} in this library`);
      return ref;
    }
    const photo = photos.getPhotoByPath(resolve(ref));
    if (!photo) throw new LumenFailure('unknown-photo', `${resolve(ref)} is not in the library; index its folder first`);
    return photo.id;
  });
}
