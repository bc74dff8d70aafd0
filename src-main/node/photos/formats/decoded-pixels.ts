export interface PixelSize {
  width: number;
  height: number;
}

/** Interleaved 8-bit samples, row after row without padding, upright: what sharp takes as `raw` input. */
export interface DecodedPixels extends PixelSize {
  data: Buffer;
  channels: 3 | 4;
  /** Whether colour samples are already multiplied by alpha (sharp must then be told). */
  premultiplied: boolean;
}

/**
 * Copies `height` rows of `rowBytes` out of a buffer whose rows are `stride` bytes apart. Always a
 * copy: the source may be a view of WebAssembly memory that is reused or freed right after.
 */
export function packRows(source: Uint8Array, rowBytes: number, stride: number, height: number): Buffer {
  if (stride === rowBytes) return Buffer.from(source.subarray(0, rowBytes * height));
  const packed = Buffer.allocUnsafe(rowBytes * height);
  for (let y = 0; y < height; y++) packed.set(source.subarray(y * stride, y * stride + rowBytes), y * rowBytes);
  return packed;
}
