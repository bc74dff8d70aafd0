import { endianness } from 'node:os';

/** Vectors are stored as raw float32 little-endian; every platform Lumen ships on is little-endian. */
const NATIVE_IS_LITTLE_ENDIAN = endianness() === 'LE';

export function float32ToBlob(vector: Float32Array): Buffer {
  if (NATIVE_IS_LITTLE_ENDIAN) return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  const blob = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => blob.writeFloatLE(value, index * 4));
  return blob;
}

/** Copies, so the result is aligned and owns its memory whatever buffer SQLite handed back. */
export function blobToFloat32(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) throw new Error(`a float32 vector blob cannot be ${blob.byteLength} bytes long`);
  const vector = new Float32Array(blob.byteLength / 4);
  if (NATIVE_IS_LITTLE_ENDIAN) {
    new Uint8Array(vector.buffer).set(blob);
    return vector;
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}
