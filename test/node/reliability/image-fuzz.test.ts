/**
 * Bad input: a bounded, seeded fuzz run of damaged image files through the whole indexing
 * path (real scanner, real worker processes, real sharp decoding, real SQLite library). Every corpus
 * file (photos and hard) is mutated the ways files get damaged in the wild: flipped header and body
 * bytes, truncation, chunks spliced in from other files, zeroed ranges and huge declared dimensions.
 * Each file must end up as exactly one of: a photo with a vector, or an error row for its path with
 * a reason. The run must finish, the database must pass `PRAGMA integrity_check`, and the library
 * must still answer a search afterwards.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { CORPUS, libraryCounts, openLibrary, tempDir } from '../indexer/indexer-fixtures';
import { seededRandom } from '../../../src-common/seeded-random';

const SEED = 0x9_2026;
const MUTANTS_PER_SOURCE = 20;

/** mulberry32: small, seedable, the same sequence on every machine. */
type Mutation = 'header-flip' | 'body-flip' | 'truncate' | 'splice' | 'zero-range' | 'huge-dimensions' | 'insert-garbage';
const MUTATIONS: readonly Mutation[] = ['header-flip', 'body-flip', 'truncate', 'splice', 'zero-range', 'huge-dimensions', 'insert-garbage'];

/**
 * Rewrites the dimensions the file declares, keeping the rest (and, for PNG, a valid CRC half the
 * time). Every claim is far past the 250-megapixel limit. Not generated: a small pixel count with
 * an extreme aspect ratio (65535 × 1), which has its own test below.
 */
function hugeDimensions(bytes: Buffer, random: () => number): Buffer {
  const out = Buffer.from(bytes);
  if (out.subarray(1, 4).toString('latin1') === 'PNG' && out.length > 33) {
    const [width, height] = random() < 0.5 ? [0xffff, 0xffff] : random() < 0.5 ? [0x7fff_ffff, 1] : [1, 0x7fff_ffff];
    out.writeUInt32BE(width as number, 16);
    out.writeUInt32BE(height as number, 20);
    if (random() < 0.5) out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
    return out;
  }
  if (out.subarray(0, 3).toString('latin1') === 'GIF' && out.length > 10) {
    out.writeUInt16LE(0xffff, 6);
    out.writeUInt16LE(0xffff, 8);
    return out;
  }
  if (out[0] === 0xff && out[1] === 0xd8) {
    for (let i = 2; i + 9 < out.length; i++) {
      if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
        out.writeUInt16BE(0xffff, i + 5);
        out.writeUInt16BE(0xffff, i + 7);
        return out;
      }
    }
  }
  // TIFF and anything else: make the first IFD's numbers absurd by flipping its high bytes.
  for (let i = 8; i < Math.min(out.length, 64); i += 4) out[i] = 0xff;
  return out;
}

function mutate(bytes: Buffer, mutation: Mutation, random: () => number, donors: readonly Buffer[]): Buffer {
  const at = (max: number) => Math.floor(random() * Math.max(1, max));
  const out = Buffer.from(bytes);
  switch (mutation) {
    case 'header-flip': {
      const flips = 1 + at(4);
      for (let i = 0; i < flips; i++) {
        const p = at(Math.min(64, out.length));
        out[p] = (out[p] ?? 0) ^ (1 + at(255));
      }
      return out;
    }
    case 'body-flip': {
      const flips = 1 + at(32);
      for (let i = 0; i < flips; i++) {
        const p = Math.min(out.length - 1, 64 + at(out.length - 64));
        out[p] = (out[p] ?? 0) ^ (1 + at(255));
      }
      return out;
    }
    case 'truncate':
      return out.subarray(0, at(out.length));
    case 'splice': {
      const donor = donors[at(donors.length)] as Buffer;
      const length = 1 + at(Math.min(4096, donor.length));
      const from = at(donor.length - length);
      const to = at(out.length - length);
      donor.copy(out, to, from, from + length);
      return out;
    }
    case 'zero-range': {
      const length = 1 + at(Math.min(8192, out.length));
      const start = at(out.length - length);
      out.fill(0, start, start + length);
      return out;
    }
    case 'huge-dimensions':
      return hugeDimensions(out, random);
    case 'insert-garbage': {
      const p = at(out.length);
      const garbage = Buffer.alloc(1 + at(512));
      for (let i = 0; i < garbage.length; i++) garbage[i] = at(256);
      return Buffer.concat([out.subarray(0, p), garbage, out.subarray(p)]);
    }
  }
}

let dir: string;
let services: LumenServices;
let summary: IndexSummary;
const written: string[] = [];
const byMutation = new Map<Mutation, number>();

beforeAll(async () => {
  dir = await tempDir('fuzz-photos');
  const sources: Array<{ name: string; bytes: Buffer }> = [];
  for (const sub of ['photos', 'hard']) {
    for (const name of (await readdir(join(CORPUS, sub))).sort()) {
      if (name.endsWith('.md')) continue;
      sources.push({ name, bytes: await readFile(join(CORPUS, sub, name)) });
    }
  }
  const donors = sources.map((s) => s.bytes);
  const random = seededRandom(SEED);
  let n = 0;
  for (const source of sources) {
    for (let i = 0; i < MUTANTS_PER_SOURCE; i++) {
      const mutation = MUTATIONS[(i + n) % MUTATIONS.length] as Mutation;
      const bytes = mutate(source.bytes, mutation, random, donors);
      const path = join(dir, `${String(n).padStart(3, '0')}-${mutation}-${source.name.replace(extname(source.name), '')}${extname(source.name)}`);
      await writeFile(path, bytes);
      written.push(path);
      byMutation.set(mutation, (byMutation.get(mutation) ?? 0) + 1);
      n++;
    }
  }
  services = await openLibrary(await tempDir('fuzz-lib'));
  summary = await services.indexer.indexFolders([dir]);
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('fuzzed image files through the indexer', () => {
  it('finishes, and each file is either a photo with a vector or an error row with a reason', () => {
    const photos = services.photos.getPhotos(services.photos.listRoots().flatMap((root) => services.photos.listPhotoPathsInRoot(root.id).map((p) => p.id)));
    const errors = services.photos.listErrors();
    const photoPaths = new Set(photos.map((p) => p.path));
    const errorPaths = new Set(errors.map((e) => e.path));
    console.log(
      `image fuzz (seed ${SEED}): ${written.length} files fuzzed (${[...byMutation].map(([m, c]) => `${m} ${c}`).join(', ')}); ` +
        `${photoPaths.size} indexed, ${errorPaths.size} refused; summary ${JSON.stringify({ found: summary.found, indexed: summary.indexed, reused: summary.reused, failed: summary.failed })}, worker crashes ${services.indexPool.crashCount}`,
    );
    expect(summary.cancelled).toBe(false);
    expect(summary.found).toBe(written.length);
    expect(summary.indexed + summary.reused + summary.failed).toBe(written.length);
    for (const path of written) {
      expect(photoPaths.has(path) !== errorPaths.has(path), `${path} must be exactly one of photo or error`).toBe(true);
    }
    expect(photoPaths.size + errorPaths.size).toBe(written.length);
    for (const error of errors) {
      expect(written).toContain(error.path);
      expect(error.reason.trim().length, error.path).toBeGreaterThan(10);
    }
    const embedded = new Set(
      services.db.connection
        .prepare<[number], { photoId: number }>('SELECT photo_id AS photoId FROM embeddings WHERE tower_row_id = ?')
        .all(services.towerRowId)
        .map((r) => r.photoId),
    );
    for (const photo of photos) expect(embedded.has(photo.id), `${photo.path} has a vector`).toBe(true);
    const counts = libraryCounts(services);
    expect(counts).toMatchObject({ photos: photoPaths.size, embeddings: photoPaths.size, vectors: photoPaths.size, errors: errorPaths.size });
    // Nothing crashed: no decode worker died or was killed for hanging.
    expect(services.indexPool.crashCount).toBe(0);
    // The fuzz must exercise both outcomes, or it tests nothing.
    expect(photoPaths.size).toBeGreaterThan(0);
    expect(errorPaths.size).toBeGreaterThan(0);
  });

  it('leaves a database that passes integrity_check and still answers searches', async () => {
    expect(services.db.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(services.db.connection.pragma('foreign_key_check')).toEqual([]);
    const response = await services.search.search({ text: 'a red circle', limit: 5 });
    expect(response.hits.length).toBeGreaterThan(0);
  });

  // Found by this fuzz run (when huge-dimensions still wrote 65535 × 1): such a PNG passes the
  // 250-MP limit and decodes, and the preprocessor scaled its short side up to the model's
  // shortest_edge, a resize to ~8.4 million × 128 pixels that grew the worker past 11 GB. The
  // preprocessor now refuses a resize larger than MAX_RESIZED_PIXELS; a panorama still indexes.
  it('refuses extreme strips (65535 × 1, 1 × 65535) with a reason, and still indexes a 30:1 panorama', async () => {
    const strips = await tempDir('fuzz-strips');
    const png = (width: number, height: number) =>
      sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
        .png()
        .toBuffer();
    await writeFile(join(strips, 'wide-strip.png'), await png(65535, 1));
    await writeFile(join(strips, 'tall-strip.png'), await png(1, 65535));
    await writeFile(join(strips, 'panorama.png'), await png(3000, 100));
    const library = await openLibrary(await tempDir('fuzz-strips-lib'));
    try {
      const result = await library.indexer.indexFolders([strips]);
      expect(result).toMatchObject({ found: 3, indexed: 1, failed: 2 });
      const reasons = new Map(library.photos.listErrors().map((e) => [e.path, e.reason]));
      expect(reasons.get(join(strips, 'wide-strip.png'))).toMatch(/too elongated to index \(65535×1 pixels\)/);
      expect(reasons.get(join(strips, 'tall-strip.png'))).toMatch(/too elongated to index \(1×65535 pixels\)/);
      expect(library.photos.getPhotoByPath(join(strips, 'panorama.png'))).toBeDefined();
      expect(library.indexPool.crashCount).toBe(0);
    } finally {
      await library.dispose();
    }
  }, 120_000);

  it('does not decode the damaged files again on a second run', async () => {
    const again = await services.indexer.indexFolders([dir]);
    expect(again).toMatchObject({ indexed: 0, reused: 0, failed: 0, removed: 0 });
  });
});
