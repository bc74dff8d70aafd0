import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { validCoordinates, type GeoPoint } from './geo-point';

/** What a Google Takeout sidecar says: the capture instant (UTC) and where, when it knows. */
export interface TakeoutFacts {
  takenAtMs: number | null;
  location: GeoPoint | null;
}

/** Takeout cuts a sidecar's name (before ".json") to this many characters. */
const TAKEOUT_NAME_LIMIT = 46;
const SUPPLEMENTAL = '.supplemental-metadata';

/**
 * The names Takeout may have given the photo's sidecar: `photo.jpg.json`, `photo.json`, the newer
 * `photo.jpg.supplemental-metadata.json`, each cut to Takeout's name limit, and for a duplicate
 * `photo(1).jpg` the counter after the extension (`photo.jpg(1).json`).
 */
export function takeoutSidecarNames(fileName: string): string[] {
  const extension = extname(fileName);
  const stem = fileName.slice(0, fileName.length - extension.length);
  const duplicate = /^(.*)\((\d+)\)$/.exec(stem);
  const bases = duplicate ? [`${duplicate[1]}${extension}${SUPPLEMENTAL}(${duplicate[2]})`, `${duplicate[1]}${extension}(${duplicate[2]})`] : [];
  bases.push(`${fileName}${SUPPLEMENTAL}`, fileName, stem);
  const names = bases.flatMap((base) => [`${base}.json`, `${base.slice(0, TAKEOUT_NAME_LIMIT)}.json`]);
  return [...new Set(names)].filter((name) => name !== '.json' && name !== fileName);
}

function numberField(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function geo(value: unknown): GeoPoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const latitude = numberField(record['latitude']);
  const longitude = numberField(record['longitude']);
  if (latitude === null || longitude === null) return null;
  return validCoordinates(latitude, longitude, numberField(record['altitude']));
}

/** Reads a Takeout sidecar's JSON text; null when it is not one (or not JSON). */
export function parseTakeoutJson(text: string): TakeoutFacts | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const record = json as Record<string, unknown>;
  const taken = record['photoTakenTime'];
  const seconds = typeof taken === 'object' && taken !== null ? numberField((taken as Record<string, unknown>)['timestamp']) : null;
  const takenAtMs = seconds !== null && seconds > 0 ? seconds * 1000 : null;
  // geoData is where the photo was taken as Google knows it (edited or from EXIF); geoDataExif the camera's own.
  const location = geo(record['geoData']) ?? geo(record['geoDataExif']);
  if (takenAtMs === null && location === null && !('title' in record)) return null;
  return { takenAtMs, location };
}

/** The photo's Takeout sidecar beside it, read; null when there is none. Unreadable or foreign JSON is no sidecar. */
export async function readTakeoutSidecar(photoPath: string): Promise<TakeoutFacts | null> {
  const folder = dirname(photoPath);
  for (const name of takeoutSidecarNames(basename(photoPath))) {
    let text: string;
    try {
      text = await readFile(join(folder, name), 'utf8');
    } catch {
      continue;
    }
    const facts = parseTakeoutJson(text);
    if (facts) return facts;
  }
  return null;
}
