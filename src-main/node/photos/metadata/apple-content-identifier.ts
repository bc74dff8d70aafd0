/**
 * Apple's content identifier of a photo: the UUID an iPhone writes into the still and the video of
 * a Live Photo alike (tag 0x0011 of Apple's maker notes, `Apple:ContentIdentifier` in exiftool; the
 * video carries it as `com.apple.quicktime.content.identifier`). It ties the two together when
 * their names no longer match (an export, a copy that renamed one of them).
 *
 * Apple's maker notes are an IFD after a 14-byte header ("Apple iOS", a version, "MM"), big-endian,
 * offsets counted from the start of the maker notes. exifr does not read them, so this walks the
 * few entries itself: EXIF IFD pointer in IFD0, MakerNote in the EXIF IFD, tag 0x0011 in it.
 */
const EXIF_IFD_POINTER = 0x8769;
const MAKER_NOTE = 0x927c;
const CONTENT_IDENTIFIER = 0x0011;
const APPLE_HEADER = 'Apple iOS\0';
const APPLE_IFD_START = 14;
const ASCII = 2;

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
}

function reader(bytes: Buffer, start: number, littleEndian: boolean): Reader {
  return {
    u16: (at) => (littleEndian ? bytes.readUInt16LE(start + at) : bytes.readUInt16BE(start + at)),
    u32: (at) => (littleEndian ? bytes.readUInt32LE(start + at) : bytes.readUInt32BE(start + at)),
  };
}

/** The entry `tag` of the IFD at `ifd` (relative to `read`'s start): its type, count and value-or-offset field's position. */
function findEntry(read: Reader, ifd: number, tag: number): { type: number; count: number; field: number } | null {
  const entries = read.u16(ifd);
  for (let i = 0; i < entries; i++) {
    const at = ifd + 2 + i * 12;
    if (read.u16(at) === tag) return { type: read.u16(at + 2), count: read.u32(at + 4), field: at + 8 };
  }
  return null;
}

/** The identifier in a photo's EXIF (a TIFF block, with or without sharp's "Exif\0\0" prefix), or null when there is none or it cannot be read. */
export function appleContentIdentifier(exif: Buffer | undefined): string | null {
  if (!exif) return null;
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  try {
    const order = tiff.subarray(0, 2).toString('latin1');
    if (order !== 'II' && order !== 'MM') return null;
    const read = reader(tiff, 0, order === 'II');
    const exifIfd = findEntry(read, read.u32(4), EXIF_IFD_POINTER);
    if (!exifIfd) return null;
    const makerNote = findEntry(read, read.u32(exifIfd.field), MAKER_NOTE);
    if (!makerNote || makerNote.count < APPLE_IFD_START + 2) return null;
    const start = read.u32(makerNote.field);
    const notes = tiff.subarray(start, start + makerNote.count);
    if (notes.subarray(0, APPLE_HEADER.length).toString('latin1') !== APPLE_HEADER) return null;
    const apple = reader(notes, 0, notes.subarray(12, 14).toString('latin1') === 'II');
    const entry = findEntry(apple, APPLE_IFD_START, CONTENT_IDENTIFIER);
    if (!entry || entry.type !== ASCII || entry.count === 0) return null;
    const at = entry.count <= 4 ? entry.field : apple.u32(entry.field);
    const text = notes
      .subarray(at, at + entry.count)
      .toString('latin1')
      .replace(/\0+$/, '')
      .trim();
    return text === '' ? null : text;
  } catch {
    // Offsets past the end of a truncated or foreign block: no identifier.
    return null;
  }
}
