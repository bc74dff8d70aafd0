/** Apple's content identifier read from a still's maker notes, checked against exiftool's reading of the same file. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readHeifExif } from '../../../../src-main/node/photos/formats/other-format-source';
import { appleContentIdentifier } from '../../../../src-main/node/photos/metadata/apple-content-identifier';
import { appleExif, jpegWithAppleExif } from '../../../support/apple-maker-notes';

const ID = '8A7C1D6E-1F2B-4C3D-9E8F-0123456789AB';
let dir: string;
const exiftool = new ExifTool({ maxProcs: 1 });
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-apple-notes-'));
});
afterAll(async () => {
  await exiftool.end();
  await rm(dir, { recursive: true, force: true });
});

it('reads the identifier exiftool reads as Apple:ContentIdentifier, from the EXIF sharp hands over', async () => {
  const path = join(dir, 'IMG_0001.jpg');
  await writeFile(path, await jpegWithAppleExif(ID));
  // Group names on (-G1): the tag must be Apple's maker-notes one, not some other ContentIdentifier.
  const tags: Record<string, unknown> = await exiftool.readRaw(path, ['-G1', '-ContentIdentifier']);
  expect(tags['Apple:ContentIdentifier']).toBe(ID);
  const { exif } = await sharp(path).metadata();
  expect(appleContentIdentifier(exif)).toBe(ID);
});

it("reads it from a HEIC's EXIF as libvips hands it over (no Exif prefix)", async () => {
  const path = join(import.meta.dirname, '../../../fixtures/formats/live-still-content-id.heic');
  const tags: Record<string, unknown> = await exiftool.readRaw(path, ['-G1', '-ContentIdentifier']);
  expect(tags['Apple:ContentIdentifier']).toBe('HEIC-ID-1');
  expect(appleContentIdentifier(await readHeifExif(await readFile(path)))).toBe('HEIC-ID-1');
});

it('has none without Apple maker notes, and none from a truncated block', async () => {
  const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .withExif({ IFD0: { Make: 'Canon' } })
    .jpeg()
    .toBuffer();
  expect(appleContentIdentifier((await sharp(plain).metadata()).exif)).toBeNull();
  expect(appleContentIdentifier(undefined)).toBeNull();
  expect(appleContentIdentifier(appleExif(ID).subarray(0, 40))).toBeNull();
});
