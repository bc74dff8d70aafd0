/**
 * Writes a small, real DNG (Adobe DNG 1.4, little-endian TIFF): a Bayer (RGGB) mosaic of 16-bit
 * sensor values made from an ordinary photo, optionally with what cameras and converters add
 * around it: a tiny RGB thumbnail in IFD0 (what a plain TIFF reader such as sharp sees), a larger
 * JPEG preview in a SubIFD, the orientation, EXIF date and GPS. LibRaw decodes the mosaic; exiftool
 * finds the preview. No camera made it, which the fixtures' attribution says.
 */

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const ASCII = 2;
const BYTE = 1;
const SRATIONAL = 10;
const UNDEFINED = 7;

type TagValue = { type: number; values: readonly number[] } | { type: typeof ASCII; text: string } | { type: typeof UNDEFINED; bytes: Buffer };

interface Ifd {
  tags: Map<number, TagValue>;
  /** Image data this IFD points to through StripOffsets (273), written after the IFDs. */
  strip?: Buffer;
  /** IFDs referenced by offset from a tag of this IFD (SubIFDs 330, Exif 34665, GPS 34853). */
  children?: Map<number, Ifd[]>;
}

export interface DngParts {
  /** Sensor mosaic: width × height values 0–4095, RGGB, row-major. */
  mosaic: { width: number; height: number; values: Uint16Array };
  /** Interleaved 8-bit RGB, stored uncompressed in IFD0 as the DNG thumbnail. */
  thumbnail?: { width: number; height: number; rgb: Buffer };
  /** A baseline JPEG, stored in a SubIFD as the full preview. */
  preview?: { width: number; height: number; jpeg: Buffer };
  orientation: number;
  make: string;
  model: string;
  dateTimeOriginal: string;
  gps?: { latitude: number; longitude: number };
}

const short = (...values: number[]): TagValue => ({ type: SHORT, values });
const long = (...values: number[]): TagValue => ({ type: LONG, values });
const ascii = (text: string): TagValue => ({ type: ASCII, text });

function rational(...values: number[]): TagValue {
  return { type: RATIONAL, values: values.flatMap((v) => [Math.round(v * 10000), 10000]) };
}

function degreesMinutesSeconds(value: number): TagValue {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = (abs - degrees - minutes / 60) * 3600;
  return rational(degrees, minutes, seconds);
}

function rawIfd(mosaic: DngParts['mosaic'], subfileType: number): Ifd {
  const strip = Buffer.alloc(mosaic.width * mosaic.height * 2);
  for (let i = 0; i < mosaic.values.length; i++) strip.writeUInt16LE(mosaic.values[i] as number, i * 2);
  return {
    strip,
    tags: new Map<number, TagValue>([
      [254, long(subfileType)],
      [256, long(mosaic.width)],
      [257, long(mosaic.height)],
      [258, short(16)],
      [259, short(1)],
      [262, short(32803)],
      [277, short(1)],
      [278, long(mosaic.height)],
      [284, short(1)],
      [33421, short(2, 2)],
      [33422, { type: BYTE, values: [0, 1, 1, 2] }],
      [50714, long(0)],
      [50717, long(4095)],
    ]),
  };
}

function previewIfd(preview: NonNullable<DngParts['preview']>): Ifd {
  return {
    strip: preview.jpeg,
    tags: new Map<number, TagValue>([
      [254, long(1)],
      [256, long(preview.width)],
      [257, long(preview.height)],
      [258, short(8, 8, 8)],
      [259, short(7)],
      [262, short(6)],
      [277, short(3)],
      [278, long(preview.height)],
      [284, short(1)],
      [50970, long(1)],
    ]),
  };
}

export function writeDng(parts: DngParts): Buffer {
  const exif: Ifd = {
    tags: new Map([
      [36867, ascii(parts.dateTimeOriginal)],
      [36864, { type: UNDEFINED, bytes: Buffer.from('0231') }],
    ]),
  };
  const gps: Ifd | undefined = parts.gps && {
    tags: new Map<number, TagValue>([
      [0, { type: BYTE, values: [2, 3, 0, 0] }],
      [1, ascii(parts.gps.latitude >= 0 ? 'N' : 'S')],
      [2, degreesMinutesSeconds(parts.gps.latitude)],
      [3, ascii(parts.gps.longitude >= 0 ? 'E' : 'W')],
      [4, degreesMinutesSeconds(parts.gps.longitude)],
    ]),
  };
  const common: Array<[number, TagValue]> = [
    [271, ascii(parts.make)],
    [272, ascii(parts.model)],
    [274, short(parts.orientation)],
    [305, ascii('Lumen test fixture writer')],
    [50706, { type: BYTE, values: [1, 4, 0, 0] }],
    [50707, { type: BYTE, values: [1, 1, 0, 0] }],
    [50708, ascii(`${parts.make} ${parts.model}`)],
    // sRGB → XYZ (D65) inverted: a plausible camera matrix, so a converter's colours come out near the photo's.
    [
      50721,
      { type: SRATIONAL, values: [3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.204, 1.057].flatMap((v) => [Math.round(v * 10000), 10000]) },
    ],
    [50778, short(21)],
    [50728, rational(1, 1, 1)],
  ];
  const children = new Map<number, Ifd[]>([[34665, [exif]]]);
  if (gps) children.set(34853, [gps]);

  let ifd0: Ifd;
  if (parts.thumbnail) {
    const subIfds = [rawIfd(parts.mosaic, 0), ...(parts.preview ? [previewIfd(parts.preview)] : [])];
    children.set(330, subIfds);
    ifd0 = {
      strip: parts.thumbnail.rgb,
      tags: new Map<number, TagValue>([
        [254, long(1)],
        [256, long(parts.thumbnail.width)],
        [257, long(parts.thumbnail.height)],
        [258, short(8, 8, 8)],
        [259, short(1)],
        [262, short(2)],
        [277, short(3)],
        [278, long(parts.thumbnail.height)],
        [284, short(1)],
        ...common,
      ]),
      children,
    };
  } else {
    const raw = rawIfd(parts.mosaic, 0);
    ifd0 = { ...raw, tags: new Map([...raw.tags, ...common]), children };
  }
  return serialize(ifd0);
}

function valueBytes(value: TagValue): Buffer {
  if ('text' in value) return Buffer.from(`${value.text}\0`, 'latin1');
  if ('bytes' in value) return value.bytes;
  const width = value.type === SHORT ? 2 : value.type === BYTE ? 1 : 4;
  const out = Buffer.alloc(value.values.length * width);
  value.values.forEach((v, i) => {
    if (width === 1) out.writeUInt8(v, i);
    else if (width === 2) out.writeUInt16LE(v, i * 2);
    else if (value.type === SRATIONAL) out.writeInt32LE(v, i * 4);
    else out.writeUInt32LE(v, i * 4);
  });
  return out;
}

function count(value: TagValue): number {
  if ('text' in value) return value.text.length + 1;
  if ('bytes' in value) return value.bytes.length;
  return value.type === RATIONAL || value.type === SRATIONAL ? value.values.length / 2 : value.values.length;
}

/** Lays out every IFD, then their out-of-line values, then the image data, patching offsets in. */
function serialize(root: Ifd): Buffer {
  const ifds: Ifd[] = [];
  const collect = (ifd: Ifd): void => {
    ifds.push(ifd);
    for (const list of ifd.children?.values() ?? []) list.forEach(collect);
  };
  collect(root);
  const ifdOffset = new Map<Ifd, number>();
  let cursor = 8;
  for (const ifd of ifds) {
    // Offset tags (StripOffsets/StripByteCounts and child pointers) are filled in below.
    ifd.tags.set(273, long(0));
    if (!ifd.strip) ifd.tags.delete(273);
    if (ifd.strip) ifd.tags.set(279, long(ifd.strip.length));
    for (const [tag, list] of ifd.children ?? []) ifd.tags.set(tag, long(...list.map(() => 0)));
    ifdOffset.set(ifd, cursor);
    cursor += 2 + ifd.tags.size * 12 + 4;
  }
  const extraOffset = new Map<Ifd, Map<number, number>>();
  for (const ifd of ifds) {
    const offsets = new Map<number, number>();
    for (const [tag, value] of ifd.tags) {
      const size = valueBytes(value).length;
      if (size > 4) {
        offsets.set(tag, cursor);
        cursor += size + (size % 2);
      }
    }
    extraOffset.set(ifd, offsets);
  }
  const stripOffset = new Map<Ifd, number>();
  for (const ifd of ifds) {
    if (!ifd.strip) continue;
    stripOffset.set(ifd, cursor);
    cursor += ifd.strip.length + (ifd.strip.length % 2);
  }
  for (const ifd of ifds) {
    const strip = stripOffset.get(ifd);
    if (strip !== undefined) ifd.tags.set(273, long(strip));
    for (const [tag, list] of ifd.children ?? []) ifd.tags.set(tag, long(...list.map((child) => ifdOffset.get(child) as number)));
  }
  const file = Buffer.alloc(cursor);
  file.write('II', 0, 'latin1');
  file.writeUInt16LE(42, 2);
  file.writeUInt32LE(8, 4);
  for (const ifd of ifds) {
    let at = ifdOffset.get(ifd) as number;
    const sorted = [...ifd.tags.entries()].sort((a, b) => a[0] - b[0]);
    file.writeUInt16LE(sorted.length, at);
    at += 2;
    for (const [tag, value] of sorted) {
      const bytes = valueBytes(value);
      file.writeUInt16LE(tag, at);
      file.writeUInt16LE(value.type, at + 2);
      file.writeUInt32LE(count(value), at + 4);
      if (bytes.length <= 4) bytes.copy(file, at + 8);
      else {
        const offset = extraOffset.get(ifd)?.get(tag) as number;
        file.writeUInt32LE(offset, at + 8);
        bytes.copy(file, offset);
      }
      at += 12;
    }
    file.writeUInt32LE(0, at); // no next IFD: the other IFDs hang off IFD0's pointers
    const strip = stripOffset.get(ifd);
    if (strip !== undefined && ifd.strip) ifd.strip.copy(file, strip);
  }
  return file;
}
