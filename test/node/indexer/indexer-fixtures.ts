/** Shared set-up for the indexer suites: real libraries in temp folders, real photos, real workers. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { renderShapePhoto, COLORS, SHAPES } from '../../support/independent-shapes-renderer';

export const CORPUS = join(import.meta.dirname, '../../fixtures/corpus');

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `lumen-${label}-`));
}

export async function openLibrary(libraryDir: string, indexWorkers = 2): Promise<LumenServices> {
  return LumenServices.open({ libraryDir, indexWorkers });
}

/** Writes `count` distinct shapes-world photos named photo-000.jpg … into dir; returns their paths. */
export async function writeShapePhotos(dir: string, count: number, seed = 7, prefix = 'photo'): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const photo = await renderShapePhoto({
      color: COLORS[i % COLORS.length] as (typeof COLORS)[number],
      shape: SHAPES[Math.floor(i / COLORS.length) % SHAPES.length] as (typeof SHAPES)[number],
      seed: seed * 10_000 + i,
    });
    const path = join(dir, `${prefix}-${String(i).padStart(3, '0')}.${photo.extension}`);
    await writeFile(path, photo.data);
    paths.push(path);
  }
  return paths;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A tiny, well-formed PNG whose header claims width × height pixels (a decompression bomb's calling card). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const real = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const ihdr = Buffer.from(real.subarray(16, 29));
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  return Buffer.concat([real.subarray(0, 8), pngChunk('IHDR', ihdr), real.subarray(33)]);
}

/** Counts that must agree in a healthy library. */
export function libraryCounts(services: LumenServices): { photos: number; embeddings: number; vectors: number; errors: number } {
  return {
    photos: services.photos.countPhotos(),
    embeddings: services.embeddings.countEmbeddings(services.towerRowId),
    vectors: services.vectorIndex.count(),
    errors: services.photos.countErrors(),
  };
}
