import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhotoRepository, type PhotoInput } from '../../../src-main/node/library/photo-repository';
import type { LibraryDb } from '../../../src-main/node/library/library-db';
import { seededRandom } from '../../../src-common/seeded-random';

/** Deterministic pseudo-random numbers, so a failure can be reproduced exactly. */
export { seededRandom };

/** A fresh folder under the OS temp dir; `cleanup` removes it. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-library-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function photoInput(rootId: number, path: string, overrides: Partial<PhotoInput> = {}): PhotoInput {
  return {
    rootId,
    path,
    size: 1234,
    mtimeMs: 1_700_000_000_000.5,
    contentHash: `hash-of-${path}`,
    width: 640,
    height: 480,
    format: 'jpeg',
    takenAt: '2024-05-01T10:00:00.000Z',
    cameraMake: 'Canon',
    cameraModel: 'EOS',
    thumbnail: `thumbs/${path.replaceAll('/', '_')}.webp`,
    ...overrides,
  };
}

/** Adds `count` photos under one root and returns their ids in insertion order. */
export function seedPhotos(db: LibraryDb, count: number, rootPath = '/photos'): number[] {
  const photos = new PhotoRepository(db);
  const rootId = photos.upsertRoot(rootPath);
  return db.transaction(() => Array.from({ length: count }, (_, i) => photos.upsertPhoto(photoInput(rootId, `${rootPath}/img-${i}.jpg`))));
}

/** Vectors with components in [-1, 1) and deliberately varied lengths: the index must normalize them itself. */
export function randomVectors(count: number, dim: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const scale = 0.1 + random() * 10;
    return Float32Array.from({ length: dim }, () => (random() * 2 - 1) * scale);
  });
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return dot / Math.sqrt(normA * normB);
}
