/**
 * A real index run over JPEGs that lack only their end-of-image marker: they index with a thumbnail
 * and the vector of the whole photo, the files are left as they were, and a JPEG cut inside its
 * scan data still becomes an error row saying it is truncated.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { CORPUS, openLibrary, tempDir } from './indexer-fixtures';

let folder: string;
let libraryDir: string;
let services: LumenServices;
let summary: IndexSummary;
const written = new Map<string, { bytes: Buffer; mtimeMs: number }>();

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    normA += (a[i] as number) ** 2;
    normB += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(normA * normB);
}

function vectorOf(name: string): Float32Array {
  const photo = services.photos.getPhotoByPath(join(folder, name));
  if (photo === undefined) throw new Error(`${name} was not indexed`);
  const vector = services.embeddings.getEmbedding(photo.id, services.towerRowId);
  if (vector === undefined) throw new Error(`${name} has no vector`);
  return vector;
}

beforeAll(async () => {
  folder = await tempDir('missing-jpeg-end');
  libraryDir = await tempDir('missing-jpeg-end-library');
  const baseline = await readFile(join(CORPUS, 'photos/rocket.jpg'));
  const progressive = await sharp(baseline).jpeg({ progressive: true, quality: 90 }).toBuffer();
  const files: Array<[string, Buffer]> = [
    ['whole.jpg', baseline],
    ['no-end.jpg', baseline.subarray(0, baseline.length - 2)],
    ['whole-progressive.jpg', progressive],
    ['no-end-progressive.jpg', progressive.subarray(0, progressive.length - 2)],
    ['cut.jpg', baseline.subarray(0, Math.floor(baseline.length / 2))],
  ];
  for (const [name, bytes] of files) {
    await writeFile(join(folder, name), bytes);
    written.set(name, { bytes, mtimeMs: (await stat(join(folder, name))).mtimeMs });
  }
  services = await openLibrary(libraryDir, 1);
  summary = await services.indexer.indexFolders([folder]);
}, 300_000);

afterAll(async () => {
  await services?.dispose();
  await rm(folder, { recursive: true, force: true });
  await rm(libraryDir, { recursive: true, force: true });
});

describe('indexing JPEGs missing their end marker', () => {
  it('indexes them with a thumbnail, as JPEG, at the whole photo size', async () => {
    expect(summary).toMatchObject({ indexed: 4, failed: 1 });
    const whole = services.photos.getPhotoByPath(join(folder, 'whole.jpg'));
    for (const name of ['no-end.jpg', 'no-end-progressive.jpg']) {
      const photo = services.photos.getPhotoByPath(join(folder, name));
      expect(photo, name).toMatchObject({ format: 'jpeg', width: whole?.width, height: whole?.height });
      expect(photo?.thumbnail, name).toBeTruthy();
      const thumbnail = await sharp(join(libraryDir, photo?.thumbnail as string)).metadata();
      expect(thumbnail.width, name).toBeGreaterThan(0);
    }
  });

  it('gives each the vector of the whole photo (cosine ≥ 0.9999)', () => {
    expect(cosine(vectorOf('no-end.jpg'), vectorOf('whole.jpg'))).toBeGreaterThanOrEqual(0.9999);
    expect(cosine(vectorOf('no-end-progressive.jpg'), vectorOf('whole-progressive.jpg'))).toBeGreaterThanOrEqual(0.9999);
  });

  it('still refuses a JPEG cut inside its scan data, saying it is truncated', () => {
    const reasons = new Map(services.photos.listErrors().map((error) => [error.path, error.reason]));
    expect([...reasons.keys()]).toEqual([join(folder, 'cut.jpg')]);
    expect(reasons.get(join(folder, 'cut.jpg'))).toMatch(/^file is truncated or damaged/);
  });

  it('leaves every file as it was: Lumen does not write the missing marker into them', async () => {
    for (const [name, before] of written) {
      expect((await readFile(join(folder, name))).equals(before.bytes), name).toBe(true);
      expect((await stat(join(folder, name))).mtimeMs, name).toBe(before.mtimeMs);
    }
  });
});
