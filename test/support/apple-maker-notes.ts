/**
 * EXIF with Apple's maker notes holding a content identifier, as an iPhone writes it into the still
 * of a Live Photo (tag 0x0011), written byte by byte for tests: exiftool reads it back as
 * `ContentIdentifier` (checked in the test that uses it), so the reader is not tested against itself.
 */
import sharp from 'sharp';

function ifdEntry(tag: number, type: number, count: number, value: number): Buffer {
  const entry = Buffer.alloc(12);
  entry.writeUInt16BE(tag, 0);
  entry.writeUInt16BE(type, 2);
  entry.writeUInt32BE(count, 4);
  entry.writeUInt32BE(value, 8);
  return entry;
}

/** A big-endian TIFF block: IFD0 → EXIF IFD → MakerNote ("Apple iOS" header, one entry: the identifier). */
export function appleExif(contentIdentifier: string): Buffer {
  const text = Buffer.from(`${contentIdentifier}\0`, 'latin1');
  const notesIfd = Buffer.concat([Buffer.from([0, 1]), ifdEntry(0x0011, 2, text.length, 14 + 2 + 12 + 4), Buffer.alloc(4)]);
  const notes = Buffer.concat([Buffer.from('Apple iOS\0', 'latin1'), Buffer.from([0, 1]), Buffer.from('MM', 'latin1'), notesIfd, text]);
  const ifd0At = 8;
  const exifIfdAt = ifd0At + 18;
  const notesAt = exifIfdAt + 18;
  const header = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, ifd0At]);
  const ifd0 = Buffer.concat([Buffer.from([0, 1]), ifdEntry(0x8769, 4, 1, exifIfdAt), Buffer.alloc(4)]);
  const exifIfd = Buffer.concat([Buffer.from([0, 1]), ifdEntry(0x927c, 7, notes.length, notesAt), Buffer.alloc(4)]);
  return Buffer.concat([header, ifd0, exifIfd, notes]);
}

/** A small JPEG carrying that EXIF in its APP1 segment. */
export async function jpegWithAppleExif(contentIdentifier: string, background = '#808080'): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background } })
    .jpeg()
    .toBuffer();
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), appleExif(contentIdentifier)]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, payload, jpeg.subarray(2)]);
}
