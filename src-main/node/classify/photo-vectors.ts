import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ImageTextEncoder } from '../inference/image-text-encoder';
import type { ImageSource } from '../indexer/embed-worker/protocol';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { PhotoRecord, PhotoRepository } from '../library/photo-repository';

export interface PhotoVectorDeps {
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  encoder: ImageTextEncoder;
  towerRowId: number;
}

export type PhotoVector = { ok: true; vector: Float32Array } | { ok: false; reason: string };

/**
 * A library photo's stored vector, unless its file has changed since it was embedded (another
 * size or modification time, as the indexer judges it): then undefined, and the caller embeds the
 * file as it is now. A file that cannot be reached (an offline drive) keeps its stored vector.
 */
export async function storedVectorIfCurrent(deps: PhotoVectorDeps, photo: PhotoRecord): Promise<Float32Array | undefined> {
  const stored = deps.embeddings.getEmbedding(photo.id, deps.towerRowId);
  if (!stored) return undefined;
  let info;
  try {
    info = await stat(photo.path);
  } catch {
    return stored;
  }
  return info.size === photo.size && Math.trunc(info.mtimeMs) === photo.mtimeMs ? stored : undefined;
}

/**
 * One image vector per file, in order: a library photo's stored vector when its file is unchanged
 * since it was indexed, else embedded now by the encoder. Unreadable files get a reason instead.
 */
export async function vectorsForFiles(deps: PhotoVectorDeps, files: readonly string[]): Promise<PhotoVector[]> {
  const results: Array<PhotoVector | undefined> = await Promise.all(
    files.map(async (file) => {
      const photo = deps.photos.getPhotoByPath(resolve(file));
      const stored = photo ? await storedVectorIfCurrent(deps, photo) : undefined;
      return stored ? { ok: true, vector: stored } : undefined;
    }),
  );
  const missing = results.flatMap((result, index) => (result ? [] : [index]));
  if (missing.length > 0) {
    const sources: ImageSource[] = missing.map((index) => ({ path: resolve(files[index] as string) }));
    const outcomes = await deps.encoder.embedImages(sources);
    missing.forEach((index, i) => {
      const outcome = outcomes[i];
      results[index] = outcome?.ok ? { ok: true, vector: outcome.vector } : { ok: false, reason: outcome?.reason ?? 'not embedded' };
    });
  }
  return results.map((result) => result ?? { ok: false, reason: 'not embedded' });
}

/** Image vectors for dropped bytes, in order. */
export async function vectorsForBytes(encoder: ImageTextEncoder, images: ReadonlyArray<{ bytes: Uint8Array }>): Promise<PhotoVector[]> {
  if (images.length === 0) return [];
  const outcomes = await encoder.embedImages(images.map(({ bytes }) => ({ bytes })));
  return outcomes.map((outcome) => (outcome.ok ? { ok: true, vector: outcome.vector } : { ok: false, reason: outcome.reason }));
}
