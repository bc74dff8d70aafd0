/** The date and place fall back from EXIF through XMP, a Takeout sidecar and the file's name to its modification time. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPhotoFacts } from '../../../../src-main/node/photos/metadata/photo-facts';
import { readPhotoMetadata } from '../../../../src-main/node/photos/photo-metadata';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/metadata');
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lumen-facts-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function plainJpeg(name: string): Promise<string> {
  const path = join(dir, name);
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .jpeg()
    .toFile(path);
  return path;
}

async function factsOf(path: string, mtimeMs = Date.UTC(2021, 0, 2, 3, 4, 5)) {
  const bytes = readFileSync(path);
  const { exif } = await sharp(bytes).metadata();
  return readPhotoFacts({ path, bytes, mtimeMs, exif: await readPhotoMetadata(exif) });
}

describe('readPhotoFacts', () => {
  it('takes EXIF first, with its zone and GPS', async () => {
    const facts = await factsOf(join(FIXTURES, 'lisbon-exif-gps.jpg'));
    expect(facts).toMatchObject({ takenAt: '2024-07-14T18:30:05', takenAtSource: 'exif', timeOffset: '+01:00' });
    expect(facts.location?.latitude).toBeCloseTo(38.7075, 4);
  });

  it('reads the date, zone and GPS from XMP embedded in the photo', async () => {
    const facts = await factsOf(join(FIXTURES, 'tokyo-xmp-only.jpg'));
    expect(facts).toMatchObject({ takenAt: '2023-04-02T09:15:00', takenAtSource: 'xmp', timeOffset: '+09:00' });
    expect(facts.location?.latitude).toBeCloseTo(35.6595, 4);
    expect(facts.location?.longitude).toBeCloseTo(139.7005, 4);
  });

  it('reads an XMP sidecar (photo.xmp) beside a photo without metadata', async () => {
    const path = await plainJpeg('DSC_0001.jpg');
    writeFileSync(
      join(dir, 'DSC_0001.xmp'),
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:CreateDate="2019-05-06T07:08:09"
        exif:GPSLatitude="48,51.4N" exif:GPSLongitude="2,21.1E" exif:GPSAltitude="350/10"/></rdf:RDF></x:xmpmeta>`,
    );
    const facts = await factsOf(path);
    expect(facts).toMatchObject({ takenAt: '2019-05-06T07:08:09', takenAtSource: 'xmp', timeOffset: null });
    expect(facts.location?.latitude).toBeCloseTo(48.8567, 3);
    expect(facts.location?.altitude).toBeCloseTo(35, 5);
  });

  it('keeps the EXIF date and takes only the missing GPS from a sidecar', async () => {
    const path = join(dir, 'dated.jpg');
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2024:01:01 10:00:00' } })
      .toBuffer();
    writeFileSync(path, jpeg);
    writeFileSync(
      join(dir, 'dated.jpg.xmp'),
      '<x:xmpmeta><exif:GPSLatitude>40.4168</exif:GPSLatitude><exif:GPSLongitude>-3.7038</exif:GPSLongitude></x:xmpmeta>',
    );
    const facts = await factsOf(path);
    expect(facts).toMatchObject({ takenAt: '2024-01-01T10:00:00', takenAtSource: 'exif' });
    expect(facts.location).toEqual({ latitude: 40.4168, longitude: -3.7038, altitude: null });
  });

  it('reads a Google Takeout sidecar (photo.jpg.json): the instant in UTC and geoData', async () => {
    const path = await plainJpeg('holiday.jpg');
    writeFileSync(
      join(dir, 'holiday.jpg.json'),
      JSON.stringify({
        title: 'holiday.jpg',
        photoTakenTime: { timestamp: '1688211000', formatted: '1 Jul 2023, 11:30:00 UTC' },
        geoData: { latitude: 40.7128, longitude: -74.006, altitude: 10.5 },
      }),
    );
    const facts = await factsOf(path);
    expect(facts).toMatchObject({ takenAt: '2023-07-01T11:30:00', takenAtSource: 'takeout', timeOffset: '+00:00' });
    expect(facts.location).toEqual({ latitude: 40.7128, longitude: -74.006, altitude: 10.5 });
  });

  it.each([
    ['the stem (photo.json)', 'beach.jpg', 'beach.json'],
    ['the newer supplemental-metadata name', 'beach.jpg', 'beach.jpg.supplemental-metadata.json'],
    ['a name Takeout cut to 46 characters', 'IMG_20230701_113000_with_a_rather_long_description.jpg', 'IMG_20230701_113000_with_a_rather_long_descrip.json'],
    ['the counter of a duplicate after the extension', 'beach(1).jpg', 'beach.jpg(1).json'],
  ])('finds a Takeout sidecar under %s', async (_what, photoName, sidecarName) => {
    const path = await plainJpeg(photoName);
    // A geoData of 0,0 is Takeout's "no location".
    writeFileSync(join(dir, sidecarName), JSON.stringify({ photoTakenTime: { timestamp: '1600000000' }, geoData: { latitude: 0, longitude: 0, altitude: 0 } }));
    const facts = await factsOf(path);
    expect(facts).toMatchObject({ takenAt: '2020-09-13T12:26:40', takenAtSource: 'takeout', location: null });
  });

  it.each([
    ['IMG_20240714_183005.jpg', '2024-07-14T18:30:05', null],
    ['IMG-20230105-WA0001.jpg', '2023-01-05', null],
    ['PXL_20230610_142233123.jpg', '2023-06-10T14:22:33', '+00:00'],
    ['Screenshot_20220301-101500.jpg', '2022-03-01T10:15:00', null],
    ['VID_20210203_040506.jpg', '2021-02-03T04:05:06', null],
    ['2020-12-24 20.15.00.jpg', '2020-12-24T20:15:00', null],
  ])('reads the date from the name %s', async (name, takenAt, offset) => {
    const facts = await factsOf(await plainJpeg(name));
    expect(facts).toMatchObject({ takenAt, takenAtSource: 'file-name', timeOffset: offset, location: null });
  });

  it('falls back to the file time, marked as such, for an impossible date in the name', async () => {
    const path = await plainJpeg('IMG_20241345_250000.jpg');
    const mtimeMs = Date.UTC(2021, 0, 2, 3, 4, 5);
    const facts = await factsOf(path, mtimeMs);
    expect(facts.takenAtSource).toBe('file-time');
    // Wall clock in this machine's zone at that instant, and that zone.
    const minutes = -new Date(mtimeMs).getTimezoneOffset();
    expect(facts.takenAt).toBe(new Date(mtimeMs + minutes * 60_000).toISOString().slice(0, 19));
    expect(facts.timeOffset).toMatch(/^[+-]\d{2}:\d{2}$/);
  });

  it('ignores a JSON beside the photo that is not a Takeout sidecar', async () => {
    const path = await plainJpeg('notes.jpg');
    writeFileSync(join(dir, 'notes.jpg.json'), '{"some": "thing else"');
    expect((await factsOf(path)).takenAtSource).toBe('file-time');
  });
});
