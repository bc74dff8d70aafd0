import { validCoordinates, type GeoPoint } from './geo-point';
import { parseZonedTime, type ZonedTime } from './zoned-time';

/** What an XMP packet says about when and where; nulls for what it does not say. */
export interface XmpFacts {
  time: ZonedTime | null;
  location: GeoPoint | null;
}

/** Capture dates in the order editors and cameras prefer them. */
const DATE_PROPERTIES = ['exif:DateTimeOriginal', 'photoshop:DateCreated', 'xmp:CreateDate', 'exif:DateTimeDigitized'];

/** A property written as an attribute (`exif:X="v"`) or as an element (`<exif:X>v</exif:X>`). */
function property(xmp: string, name: string): string | null {
  const escaped = name.replace('.', '\\.');
  const match = new RegExp(`[\\s<]${escaped}\\s*(?:=\\s*"([^"]*)"|=\\s*'([^']*)'|>\\s*([^<]*?)\\s*<)`).exec(xmp);
  if (!match) return null;
  const value = (match[1] ?? match[2] ?? match[3] ?? '').trim();
  return value === '' ? null : value;
}

/** XMP's GPS coordinate: "38,43.338N", "38,43,20.28N" or plain signed degrees. */
function coordinate(text: string | null): number | null {
  if (text === null) return null;
  const match = /^(-?\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])?$/i.exec(text);
  if (!match) return null;
  const [, d, m, s, ref] = match;
  const magnitude = Math.abs(Number(d)) + Number(m ?? 0) / 60 + Number(s ?? 0) / 3600;
  const negative = Number(d) < 0 || ref?.toUpperCase() === 'S' || ref?.toUpperCase() === 'W';
  return negative ? -magnitude : magnitude;
}

/** "45/1" or "45.2", metres; ref "1" means below sea level. */
function altitude(text: string | null, ref: string | null): number | null {
  if (text === null) return null;
  const [numerator, denominator = '1'] = text.split('/');
  const value = Number(numerator) / Number(denominator);
  if (!Number.isFinite(value)) return null;
  return ref === '1' ? -value : value;
}

/** Reads the capture time and GPS from an XMP packet (a sidecar's text or the one embedded in a photo). */
export function readXmp(xmp: string): XmpFacts {
  let time: ZonedTime | null = null;
  for (const name of DATE_PROPERTIES) {
    const value = property(xmp, name);
    time = value === null ? null : parseZonedTime(value);
    if (time) break;
  }
  const latitude = coordinate(property(xmp, 'exif:GPSLatitude'));
  const longitude = coordinate(property(xmp, 'exif:GPSLongitude'));
  const location =
    latitude === null || longitude === null
      ? null
      : validCoordinates(latitude, longitude, altitude(property(xmp, 'exif:GPSAltitude'), property(xmp, 'exif:GPSAltitudeRef')));
  return { time, location };
}

const XMP_START = Buffer.from('<x:xmpmeta');
const XMP_END = Buffer.from('</x:xmpmeta>');
/** Embedded XMP sits in the file's header segments; a photo's pixels are not searched. */
const HEADER_BYTES = 512 * 1024;

/** The XMP packet embedded in a photo's first bytes (JPEG APP1, TIFF, PNG iTXt, WebP XMP chunk), or null. */
export function embeddedXmp(bytes: Uint8Array): string | null {
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEADER_BYTES));
  const start = header.indexOf(XMP_START);
  if (start < 0) return null;
  const end = header.indexOf(XMP_END, start);
  if (end < 0) return null;
  return header.subarray(start, end + XMP_END.length).toString('utf8');
}
