import { resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import type { ImageTextEncoder } from '../inference/image-text-encoder';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { PhotoRepository } from '../library/photo-repository';
import { storedVectorIfCurrent } from '../classify/photo-vectors';

export interface ExampleVectors {
  vectors: Float32Array[];
  /** Library photo ids among the examples (left out of the results: the user has them). */
  libraryPhotoIds: number[];
}

export interface ExampleVectorDeps {
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  encoder: ImageTextEncoder;
  towerRowId: number;
}

/**
 * Image vectors of example photos: a library photo (by id or path) reuses its stored vector while
 * its file is unchanged since indexing; any other file is decoded and embedded by the encoder, as
 * the indexer would, without being added.
 */
export async function resolveExampleVectors(deps: ExampleVectorDeps, examples: ReadonlyArray<number | string>): Promise<ExampleVectors> {
  const vectors: Float32Array[] = [];
  const libraryPhotoIds: number[] = [];
  const outside: string[] = [];
  for (const example of examples) {
    const photo = typeof example === 'number' ? deps.photos.getPhotos([example])[0] : deps.photos.getPhotoByPath(resolve(example));
    if (typeof example === 'number' && !photo) throw new LumenFailure('unknown-photo', `no photo with id ${example} in this library`);
    // A file changed since it was indexed is embedded again: its stored vector describes the old picture.
    const stored = photo ? await storedVectorIfCurrent(deps, photo) : undefined;
    if (photo) libraryPhotoIds.push(photo.id);
    if (stored) vectors.push(stored);
    else outside.push(photo ? photo.path : resolve(String(example)));
  }
  if (outside.length > 0) {
    const outcomes = await deps.encoder.embedImages(outside.map((path) => ({ path })));
    outcomes.forEach((outcome, index) => {
      if (!outcome.ok) throw new LumenFailure('unreadable-photo', `cannot use ${outside[index]} as an example: ${outcome.reason}`);
      vectors.push(outcome.vector);
    });
  }
  return { vectors, libraryPhotoIds };
}
