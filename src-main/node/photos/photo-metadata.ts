import exifr from 'exifr';
import { validCoordinates, type GeoPoint } from './metadata/geo-point';
import { parseZonedTime } from './metadata/zoned-time';

export interface PhotoMetadata {
  /** ISO 8601 without zone (EXIF has none), or null. */
  takenAt: string | null;
  /** The zone of `takenAt` ("+01:00") when the file says, else null. */
  timeOffset: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** Where the photo was taken, when the file says. */
  location: GeoPoint | null;
}

const EMPTY: PhotoMetadata = { takenAt: null, timeOffset: null, cameraMake: null, cameraModel: null, location: null };

const TAGS = [
  'DateTimeOriginal',
  'CreateDate',
  'ModifyDate',
  'OffsetTimeOriginal',
  'OffsetTimeDigitized',
  'OffsetTime',
  'Make',
  'Model',
  'GPSLatitude',
  'GPSLatitudeRef',
  'GPSLongitude',
  'GPSLongitudeRef',
  'GPSAltitude',
  'GPSAltitudeRef',
];

function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * EXIF stamps ("2024:07:14 18:30:05") carry no zone: keep them as local ISO text, no Date round trip.
 * An impossible stamp (year 0000, month 13, day 00, hour 25: unset or corrupted camera clocks) is
 * none, so the next stamp or source gives the date and no date filter matches it by its text.
 */
function toIsoLocal(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  return parseZonedTime(`${y}-${mo}-${d}T${h}:${mi}:${s}`)?.takenAt ?? null;
}

function offsetText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return parseZonedTime(`2000-01-01T00:00:00${value.trim()}`)?.offset ?? null;
}

/** Degrees, minutes, seconds (EXIF's three rationals) to signed decimal degrees. */
function degrees(value: unknown, ref: unknown, negativeRef: string): number | null {
  const parts = Array.isArray(value) ? value : typeof value === 'number' ? [value] : null;
  if (!parts || parts.length === 0 || !parts.every((part) => typeof part === 'number' && Number.isFinite(part))) return null;
  const [d = 0, m = 0, s = 0] = parts as number[];
  const magnitude = d + m / 60 + s / 3600;
  return typeof ref === 'string' && ref.trim().toUpperCase() === negativeRef ? -magnitude : magnitude;
}

function altitude(value: unknown, ref: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const below = (ref instanceof Uint8Array && ref[0] === 1) || ref === 1;
  return below ? -value : value;
}

function readLocation(tags: Record<string, unknown>): GeoPoint | null {
  const latitude = degrees(tags['GPSLatitude'], tags['GPSLatitudeRef'], 'S');
  const longitude = degrees(tags['GPSLongitude'], tags['GPSLongitudeRef'], 'W');
  if (latitude === null || longitude === null) return null;
  return validCoordinates(latitude, longitude, altitude(tags['GPSAltitude'], tags['GPSAltitudeRef']));
}

/** sharp hands over the APP1 payload with its "Exif\0\0" signature; exifr wants the TIFF block. */
function tiffBlock(exif: Buffer): Buffer {
  return exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
}

/** Capture date, zone, camera and GPS from an EXIF block; broken EXIF never fails a photo, it just yields nulls. */
export async function readPhotoMetadata(exif: Buffer | undefined): Promise<PhotoMetadata> {
  if (!exif) return EMPTY;
  try {
    const tags: unknown = await exifr.parse(tiffBlock(exif), { pick: TAGS, reviveValues: false });
    if (typeof tags !== 'object' || tags === null) return EMPTY;
    const record = tags as Record<string, unknown>;
    const original = toIsoLocal(record['DateTimeOriginal']);
    const digitized = toIsoLocal(record['CreateDate']);
    const takenAt = original ?? digitized ?? toIsoLocal(record['ModifyDate']);
    // Each stamp has its own offset tag; the one that goes with the date used.
    const offsetTag = original ? 'OffsetTimeOriginal' : digitized ? 'OffsetTimeDigitized' : 'OffsetTime';
    return {
      takenAt,
      timeOffset: takenAt ? offsetText(record[offsetTag]) : null,
      cameraMake: cleanText(record['Make']),
      cameraModel: cleanText(record['Model']),
      location: readLocation(record),
    };
  } catch {
    return EMPTY;
  }
}
