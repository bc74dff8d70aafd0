/**
 * Display P3 to sRGB for decoded pixels. iPhones write their photos (HEIC and JPEG) in Display P3;
 * the sharp build in use leaves such samples as they are when asked for sRGB (docs/INDEXER.md), so
 * saturated colours came out dull in thumbnails and in the model's input. Display P3 shares sRGB's
 * white point (D65) and tone curve, so the conversion is the curve undone, a 3×3 matrix between the
 * two sets of primaries, and the curve again.
 */

/** Display P3's red, green and blue colorants as ICC profiles store them (XYZ, adapted to D50). */
const P3_COLORANTS = [
  [0.5151, 0.2412, -0.0011],
  [0.292, 0.6922, 0.0419],
  [0.1571, 0.0666, 0.7841],
];
const COLORANT_TOLERANCE = 0.005;

/** Linear Display P3 to linear sRGB (both D65), rows: sRGB red, green, blue. */
const P3_TO_SRGB = [
  [1.2249401, -0.2249404, 0],
  [-0.0420569, 1.0420571, 0],
  [-0.0196376, -0.0786361, 1.0982735],
];

function s15Fixed16(bytes: Buffer, at: number): number {
  return bytes.readInt32BE(at) / 65536;
}

/** Whether an ICC profile is Display P3 (by its colorants, whatever its name): Apple's, or any other maker's. */
export function isDisplayP3(icc: Buffer | undefined): boolean {
  if (!icc || icc.length < 132) return false;
  try {
    const count = icc.readUInt32BE(128);
    const colorants = new Map<string, number[]>();
    for (let i = 0; i < count && 132 + i * 12 + 12 <= icc.length; i++) {
      const entry = 132 + i * 12;
      const signature = icc.subarray(entry, entry + 4).toString('latin1');
      if (signature !== 'rXYZ' && signature !== 'gXYZ' && signature !== 'bXYZ') continue;
      const at = icc.readUInt32BE(entry + 4);
      if (icc.subarray(at, at + 4).toString('latin1') !== 'XYZ ') return false;
      colorants.set(signature, [s15Fixed16(icc, at + 8), s15Fixed16(icc, at + 12), s15Fixed16(icc, at + 16)]);
    }
    return ['rXYZ', 'gXYZ', 'bXYZ'].every((signature, c) => {
      const found = colorants.get(signature);
      return found !== undefined && found.every((value, k) => Math.abs(value - (P3_COLORANTS[c]?.[k] ?? Infinity)) <= COLORANT_TOLERANCE);
    });
  } catch {
    return false;
  }
}

const toLinear = Float32Array.from({ length: 256 }, (_, v) => {
  const x = v / 255;
  return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
});

/** The sRGB curve on linear values quantized to 1/4095: plenty for 8-bit output. */
const ENCODE_STEPS = 4095;
const fromLinear = Uint8Array.from({ length: ENCODE_STEPS + 1 }, (_, i) => {
  const x = i / ENCODE_STEPS;
  const encoded = x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
  return Math.round(encoded * 255);
});

function encode(linear: number): number {
  const clipped = linear <= 0 ? 0 : linear >= 1 ? 1 : linear;
  return fromLinear[Math.round(clipped * ENCODE_STEPS)] as number;
}

/** Converts interleaved 8-bit RGB (3 samples a pixel) from Display P3 to sRGB, in place; colours outside sRGB are clipped. */
export function displayP3ToSrgb(rgb: Uint8Array): void {
  const [r0, r1, r2] = P3_TO_SRGB[0] as number[];
  const [g0, g1, g2] = P3_TO_SRGB[1] as number[];
  const [b0, b1, b2] = P3_TO_SRGB[2] as number[];
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    const r = toLinear[rgb[i] as number] as number;
    const g = toLinear[rgb[i + 1] as number] as number;
    const b = toLinear[rgb[i + 2] as number] as number;
    rgb[i] = encode((r0 as number) * r + (r1 as number) * g + (r2 as number) * b);
    rgb[i + 1] = encode((g0 as number) * r + (g1 as number) * g + (g2 as number) * b);
    rgb[i + 2] = encode((b0 as number) * r + (b1 as number) * g + (b2 as number) * b);
  }
}
