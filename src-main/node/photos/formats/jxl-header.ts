import type { PixelSize } from './decoded-pixels';

/** Least-significant-bit-first reader, as JPEG XL codestreams are written. */
class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++, this.bit++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('end of JPEG XL header');
      value += ((byte >> (this.bit & 7)) & 1) * 2 ** i;
    }
    return value;
  }

  /** The U32 of the SizeHeader: a 2-bit selector, then 1 + that many bits. */
  dimension(): number {
    return 1 + this.read([9, 13, 18, 30][this.read(2)] as number);
  }
}

/** Aspect ratios a SizeHeader can name instead of a width (ratio codes 1–7). */
const RATIOS: ReadonlyArray<readonly [number, number]> = [
  [1, 1],
  [12, 10],
  [4, 3],
  [3, 2],
  [16, 9],
  [5, 4],
  [2, 1],
];

/** The codestream of a JPEG XL file: bare (FF 0A …), or inside the ISO-BMFF container's jxlc/first jxlp box. */
function codestream(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] === 0xff && bytes[1] === 0x0a) return bytes;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = 0; at + 8 <= view.length;) {
    let size = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    let body = at + 8;
    if (size === 1 && at + 16 <= view.length) {
      size = Number(view.readBigUInt64BE(at + 8));
      body = at + 16;
    }
    if (type === 'jxlc') return bytes.subarray(body);
    if (type === 'jxlp') return bytes.subarray(body + 4);
    if (size < 8) return null;
    at += size;
  }
  return null;
}

/** Width and height a JPEG XL file's header claims (before any decoding), or null where it cannot be read. */
export function jxlClaimedSize(bytes: Uint8Array): PixelSize | null {
  const stream = codestream(bytes);
  if (!stream || stream[0] !== 0xff || stream[1] !== 0x0a) return null;
  try {
    const bits = new BitReader(stream.subarray(2));
    const small = bits.read(1) === 1;
    const height = small ? (bits.read(5) + 1) * 8 : bits.dimension();
    const ratio = bits.read(3);
    const [num, den] = RATIOS[ratio - 1] ?? [0, 0];
    const width = ratio === 0 ? (small ? (bits.read(5) + 1) * 8 : bits.dimension()) : Math.floor((height * num) / den);
    return { width, height };
  } catch {
    return null;
  }
}
