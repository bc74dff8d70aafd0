/** Indexing records GPS, the date's zone and source, and the place in words; undated photos keep a date from their name or file time. */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METADATA_VERSION } from '../../../src-main/node/library/photo-repository';
import { EmbedWorkerPool } from '../../../src-main/node/inference/worker-pool';
import { Indexer } from '../../../src-main/node/indexer/indexer';
import { cliApi } from '../../../src-main/node/cli/cli-api';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { runStatusCommand } from '../../../src-main/node/cli/commands/status-command';
import { runSearchCommand } from '../../../src-main/node/cli/commands/search-command';
import { searchRequestFrom } from '../../../src-main/node/cli/commands/search-command';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir } from './indexer-fixtures';

/** Copied under camera names: a place must be found by its GPS, not by the file's name. */
const FIXTURES = join(import.meta.dirname, '../../fixtures/metadata');
const FORMATS = join(import.meta.dirname, '../../fixtures/formats');
let services: LumenServices;
let photos: string;

beforeAll(async () => {
  services = await openLibrary(await tempDir('places-lib'), 1);
  photos = await tempDir('places');
  await copyFile(join(FIXTURES, 'lisbon-exif-gps.jpg'), join(photos, 'DSC_0001.jpg'));
  await copyFile(join(FIXTURES, 'tokyo-xmp-only.jpg'), join(photos, 'DSC_0002.jpg'));
  const plain = (background: string) =>
    sharp({ create: { width: 16, height: 16, channels: 3, background } })
      .jpeg()
      .toBuffer();
  await writeFile(join(photos, 'IMG-20230105-WA0001.jpg'), await plain('#203040'));
  await writeFile(join(photos, 'takeout.jpg'), await plain('#405060'));
  await writeFile(
    join(photos, 'takeout.jpg.json'),
    JSON.stringify({ photoTakenTime: { timestamp: '1688211000' }, geoData: { latitude: 41.1496, longitude: -8.611, altitude: 0 } }),
  );
  await writeFile(join(photos, 'undated.jpg'), await plain('#605040'));
  // HEIC and DNG whose EXIF (written by the format fixtures' tools) has GPS in Lisbon.
  await copyFile(join(FORMATS, 'cat.heic'), join(photos, 'IMG_0001.heic'));
  await copyFile(join(FORMATS, 'cat-preview-rotated.dng'), join(photos, 'DSC_0003.dng'));
  const embedder = new EmbedWorkerPool({ size: 1, model: { folder: services.model.folder, intraOpThreads: 1 }, libraryDir: services.libraryDir });
  const summary = await new Indexer({ ...services, embedder }).indexFolders([photos]);
  expect(summary.indexed).toBe(7);
}, 300_000);
afterAll(async () => {
  await services?.dispose();
});

describe('indexing metadata', () => {
  it('stores GPS, zone, date source and place', () => {
    const lisbon = services.photos.getPhotoByPath(join(photos, 'DSC_0001.jpg'));
    expect(lisbon).toMatchObject({
      takenAt: '2024-07-14T18:30:05',
      takenAtSource: 'exif',
      timeOffset: '+01:00',
      placeCity: 'Lisbon',
      placeCountry: 'Portugal',
      placeCountryCode: 'PT',
      metadataVersion: METADATA_VERSION,
    });
    expect(lisbon?.latitude).toBeCloseTo(38.7075, 4);
    expect(lisbon?.altitude).toBeCloseTo(45, 3);
    expect(services.photos.getPhotoByPath(join(photos, 'DSC_0002.jpg'))).toMatchObject({
      takenAtSource: 'xmp',
      timeOffset: '+09:00',
      placeCity: 'Tokyo',
      placeCountryCode: 'JP',
    });
    expect(services.photos.getPhotoByPath(join(photos, 'takeout.jpg'))).toMatchObject({
      takenAt: '2023-07-01T11:30:00',
      takenAtSource: 'takeout',
      placeCity: 'Porto',
    });
  });

  it('reads GPS from HEIC and camera RAW too', () => {
    expect(services.photos.getPhotoByPath(join(photos, 'IMG_0001.heic'))).toMatchObject({ takenAtSource: 'exif', placeCity: 'Lisbon' });
    expect(services.photos.getPhotoByPath(join(photos, 'DSC_0003.dng'))?.latitude).not.toBeNull();
  });

  it('gives undated photos a date from their name, or the file time marked as estimated', () => {
    expect(services.photos.getPhotoByPath(join(photos, 'IMG-20230105-WA0001.jpg'))).toMatchObject({
      takenAt: '2023-01-05',
      takenAtSource: 'file-name',
      placeCity: null,
    });
    expect(services.photos.getPhotoByPath(join(photos, 'undated.jpg'))?.takenAtSource).toBe('file-time');
  });
});

/** The search the command line `lumen search <argv>` asks for. */
function cliSearch(...argv: string[]) {
  const parsed = parseCommandLine(['search', ...argv]);
  return searchRequestFrom(parsed.positionals, parsed.limit, parsed.options);
}

describe('searching by place', () => {
  const names = (hits: Array<{ path: string }>): string[] => hits.map((hit) => hit.path.slice(photos.length + 1)).sort();

  it('finds a place named in the text as words, with GPS and place in the hit', async () => {
    const response = await services.search.search(cliSearch('lisbon'));
    const lisbon = response.hits.find((hit) => hit.path.endsWith('DSC_0001.jpg'));
    expect(lisbon).toMatchObject({
      textMatch: true,
      takenAtSource: 'exif',
      timeOffset: '+01:00',
      place: { city: 'Lisbon', region: 'Lisbon', country: 'Portugal', countryCode: 'PT' },
    });
    expect(lisbon?.location?.longitude).toBeCloseTo(-9.1364, 4);
    expect(names(response.hits.filter((hit) => hit.textMatch))).toEqual(['DSC_0001.jpg', 'DSC_0003.dng', 'IMG_0001.heic']);
  });

  it('narrows a search to places (town or country, any case, several at once)', async () => {
    const search = async (places: string[]) => names((await services.search.search(cliSearch('photo', ...places.flatMap((place) => ['--place', place])))).hits);
    expect(await search(['Portugal'])).toEqual(['DSC_0001.jpg', 'DSC_0003.dng', 'IMG_0001.heic', 'takeout.jpg']);
    expect(await search(['porto'])).toEqual(['takeout.jpg']);
    expect(await search(['Lisbon', 'TOKYO'])).toEqual(['DSC_0001.jpg', 'DSC_0002.jpg', 'DSC_0003.dng', 'IMG_0001.heic']);
    expect(await search(['Atlantis'])).toEqual([]);
  });

  it("names the place in lumen search's lines", async () => {
    let printed = '';
    await runSearchCommand(cliApi(services), cliSearch('photo', '--place', 'tokyo'), false, {
      out: (text) => (printed += text),
      err: () => undefined,
      interactive: false,
    });
    expect(printed).toMatch(/DSC_0002\.jpg {2}\(Tokyo, Japan\)\n$/);
  });

  it('refuses an empty place with a sentence', () => {
    expect(() => cliSearch('x', '--place', ' ')).toThrow(/filters\.places must be a list of at most \d+ non-empty strings/);
  });

  it('keeps photos dated from their name or file time in date filters', async () => {
    const inJanuary = await services.search.search(cliSearch('photo', '--from', '2023-01-01', '--to', '2023-01-31'));
    expect(names(inJanuary.hits)).toEqual(['IMG-20230105-WA0001.jpg']);
  });
});

async function statusText(): Promise<string> {
  let printed = '';
  await runStatusCommand(cliApi(services), false, false, { out: (text) => (printed += text), err: () => undefined, interactive: false });
  return printed;
}

describe('status', () => {
  it('counts photos with GPS, lists places with their counts, and counts dates from names and file times', async () => {
    const status = services.status(false);
    expect(status.metadata).toEqual({ located: 5, estimatedDates: 1, datesFromFileNames: 1, metadataToRefresh: 0 });
    expect(status.places?.map((p) => [p.city, p.countryCode, p.photos])).toEqual([
      ['Lisbon', 'PT', 3],
      ['Tokyo', 'JP', 1],
      ['Porto', 'PT', 1],
    ]);
    const text = await statusText();
    expect(text).toContain('Places:   5 photos with GPS: Lisbon, Portugal (3); Tokyo, Japan (1); Porto, Portugal (1)');
    expect(text).toContain('Dates:    1 read from file names, 1 estimated from file times');
    expect(text).not.toContain('--refresh-metadata');
  });
});

describe('a library indexed before GPS and dates were read', () => {
  it('keeps its photos as they are on the next run, and lumen index --refresh-metadata reads them again', async () => {
    const path = join(photos, 'DSC_0001.jpg');
    // What migration 7 leaves for a photo an older Lumen indexed.
    services.db
      .prepare<[string]>(
        `UPDATE photos SET metadata_version = 0, time_offset = NULL, latitude = NULL, longitude = NULL, altitude = NULL,
                place_city = NULL, place_country = NULL, place_country_code = NULL WHERE path = ?`,
      )
      .run(path);
    const embedder = () => new EmbedWorkerPool({ size: 1, model: { folder: services.model.folder, intraOpThreads: 1 }, libraryDir: services.libraryDir });
    const vectorsBefore = services.vectorIndex.count();
    expect(await statusText()).toContain(
      '1 photos were read by an older Lumen, which missed some of their metadata (GPS, zone, date fallbacks, Live Photo identifiers) or kept an impossible date: lumen index --refresh-metadata',
    );

    await new Indexer({ ...services, embedder: embedder() }).indexFolders([photos]);
    expect(services.photos.getPhotoByPath(path)).toMatchObject({ metadataVersion: 0, placeCity: null });

    const summary = await new Indexer({ ...services, embedder: embedder() }).indexFolders([photos], { refreshMetadata: true });
    expect(summary).toMatchObject({ indexed: 1, unchanged: 6 });
    expect(services.photos.getPhotoByPath(path)).toMatchObject({ metadataVersion: METADATA_VERSION, timeOffset: '+01:00', placeCity: 'Lisbon' });
    expect(services.vectorIndex.count()).toBe(vectorsBefore);
    expect(services.status(false).metadata?.metadataToRefresh).toBe(0);
  });

  it('takes --refresh-metadata on the command line of lumen index only', () => {
    expect(parseCommandLine(['index', '/p', '--refresh-metadata']).refreshMetadata).toBe(true);
    expect(() => parseCommandLine(['search', 'x', '--refresh-metadata'])).toThrow(/refresh-metadata/);
  });
});
