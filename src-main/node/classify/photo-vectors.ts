import { stat } from 'node:fs/promises';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
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

/** What a cancelled classify batch answers: it stops before filing anything. */
export const CLASSIFY_CANCELLED = 'classifying was cancelled before any photo was copied or moved';

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

/** Files embedded per encoder call: between two calls a cancelled batch stops. */
export const EMBED_CHUNK = 32;

/**
 * One image vector per file, in order: a library photo's stored vector when its file is unchanged
 * since it was indexed, else embedded now by the encoder, `EMBED_CHUNK` files per call. Unreadable
 * files get a reason instead. A cancelled token stops before the next call (`cancelled`).
 */
export async function vectorsForFiles(deps: PhotoVectorDeps, files: readonly string[], token: CancellationToken = NEVER_CANCELLED): Promise<PhotoVector[]> {
  const results: Array<PhotoVector | undefined> = await Promise.all(
    files.map(async (file) => {
      const photo = deps.photos.getPhotoByPath(resolve(file));
      const stored = photo ? await storedVectorIfCurrent(deps, photo) : undefined;
      return stored ? { ok: true, vector: stored } : undefined;
    }),
  );
  const missing = results.flatMap((result, index) => (result ? [] : [index]));
  if (missing.length > 0) {
    for (let start = 0; start < missing.length; start += EMBED_CHUNK) {
      throwIfCancelled(token, CLASSIFY_CANCELLED);
      const chunk = missing.slice(start, start + EMBED_CHUNK);
      const sources: ImageSource[] = chunk.map((index) => ({ path: resolve(files[index] as string) }));
      const outcomes = await deps.encoder.embedImages(sources);
      chunk.forEach((index, i) => {
        const outcome = outcomes[i];
        results[index] = outcome?.ok ? { ok: true, vector: outcome.vector } : { ok: false, reason: outcome?.reason ?? 'not embedded' };
      });
    }
  }
  return results.map((result) => result ?? { ok: false, reason: 'not embedded' });
}

/** Image vectors for dropped bytes, in order. */
export async function vectorsForBytes(encoder: ImageTextEncoder, images: ReadonlyArray<{ bytes: Uint8Array }>): Promise<PhotoVector[]> {
  if (images.length === 0) return [];
  const outcomes = await encoder.embedImages(images.map(({ bytes }) => ({ bytes })));
  return outcomes.map((outcome) => (outcome.ok ? { ok: true, vector: outcome.vector } : { ok: false, reason: outcome.reason }));
}
