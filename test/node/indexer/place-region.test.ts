/**
 * The region (state, province) of a photo's place: stored, in search hits and status, found as a
 * word and by `--place`, telling apart same-named towns; photos an older Lumen placed get it from
 * `--refresh-metadata`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliApi } from '../../../src-main/node/cli/cli-api';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { runSearchCommand, searchRequestFrom } from '../../../src-main/node/cli/commands/search-command';
import { runStatusCommand } from '../../../src-main/node/cli/commands/status-command';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir } from './indexer-fixtures';

let services: LumenServices;
let photos: string;

/** A plain photo whose Google Takeout sidecar holds its GPS position. */
async function photoAt(name: string, latitude: number, longitude: number, background: string): Promise<void> {
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background } })
    .jpeg()
    .toBuffer();
  await writeFile(join(photos, name), jpeg);
  await writeFile(join(photos, `${name}.json`), JSON.stringify({ photoTakenTime: { timestamp: '1688211000' }, geoData: { latitude, longitude, altitude: 0 } }));
}

beforeAll(async () => {
  services = await openLibrary(await tempDir('region-lib'), 1);
  photos = await tempDir('region');
  await photoAt('city-hall.jpg', 37.7793, -122.4193, '#204060');
  await photoAt('oregon.jpg', 45.5152, -122.6784, '#406020');
  await photoAt('maine.jpg', 43.6591, -70.2568, '#602040');
  await photoAt('marienplatz.jpg', 48.1374, 11.5755, '#604020');
  expect(await services.indexer.indexFolders([photos])).toMatchObject({ indexed: 4, failed: 0 });
}, 240_000);
afterAll(async () => {
  await services?.dispose();
});

function cliSearch(...argv: string[]) {
  const parsed = parseCommandLine(['search', ...argv]);
  return searchRequestFrom(parsed.positionals, parsed.limit, parsed.options);
}
const names = (hits: Array<{ path: string }>): string[] => hits.map((hit) => hit.path.slice(photos.length + 1)).sort();

it('stores the region and returns it in search hits', async () => {
  expect(services.photos.getPhotoByPath(join(photos, 'city-hall.jpg'))).toMatchObject({ placeCity: 'San Francisco', placeRegion: 'California' });
  const response = await services.search.search(cliSearch('california'));
  const hit = response.hits.find((h) => h.path.endsWith('city-hall.jpg'));
  expect(hit).toMatchObject({ textMatch: true, place: { city: 'San Francisco', region: 'California', country: 'United States', countryCode: 'US' } });
  expect(names(response.hits.filter((h) => h.textMatch))).toEqual(['city-hall.jpg']);
});

it('narrows to a region with --place, and tells apart two towns of one name by their regions', async () => {
  const search = async (...places: string[]) => names((await services.search.search(cliSearch('photo', ...places.flatMap((p) => ['--place', p])))).hits);
  expect(await search('Bavaria')).toEqual(['marienplatz.jpg']);
  expect(await search('Portland')).toEqual(['maine.jpg', 'oregon.jpg']);
  expect(await search('Portland Oregon')).toEqual(['oregon.jpg']);
  // The place facet's phrase for one of them finds that one only.
  const maine = services.status(false).places?.find((p) => p.region === 'Maine');
  expect(maine).toMatchObject({ city: 'Portland', photos: 1 });
  expect(await search('Portland Maine United States')).toEqual(['maine.jpg']);
});

it('names the region in status and in lumen search lines', async () => {
  let status = '';
  await runStatusCommand(cliApi(services), false, false, { out: (text) => (status += text), err: () => undefined, interactive: false });
  expect(status).toContain('San Francisco, California, United States (1)');
  expect(status).toContain('Portland, Maine, United States (1)');
  let printed = '';
  await runSearchCommand(cliApi(services), cliSearch('photo', '--place', 'bavaria'), false, {
    out: (text) => (printed += text),
    err: () => undefined,
    interactive: false,
  });
  expect(printed).toMatch(/marienplatz\.jpg {2}\(Munich, Bavaria, Germany\)\n$/);
});

it('gives photos placed by an older Lumen their region with --refresh-metadata', async () => {
  const path = join(photos, 'marienplatz.jpg');
  // What an older Lumen left: town and country, no region, metadata read by the reader before regions.
  services.db.prepare<[string]>('UPDATE photos SET place_region = NULL, metadata_version = 2 WHERE path = ?').run(path);
  const before = await services.search.search(cliSearch('photo', '--place', 'Bavaria'));
  expect(names(before.hits)).toEqual([]);
  expect(services.status(false).metadata?.metadataToRefresh).toBe(1);
  await services.indexer.indexFolders([photos], { refreshMetadata: true });
  expect(services.photos.getPhotoByPath(path)).toMatchObject({ placeRegion: 'Bavaria' });
  expect(names((await services.search.search(cliSearch('photo', '--place', 'Bavaria'))).hits)).toEqual(['marienplatz.jpg']);
}, 240_000);
