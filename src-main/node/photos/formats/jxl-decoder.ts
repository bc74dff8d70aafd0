import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import decode, { init } from '@jsquash/jxl/decode.js';
import type { DecodedPixels } from './decoded-pixels';
import { ImageFormatError } from './image-format-error';
import { jxlClaimedSize } from './jxl-header';

let ready: Promise<unknown> | null = null;

/** libjxl's decoder as WebAssembly (@jsquash/jxl), compiled once per process from the package's .wasm file. */
function loadJxl(): Promise<unknown> {
  ready ??= (async () => {
    const folder = dirname(createRequire(import.meta.url).resolve('@jsquash/jxl/package.json'));
    // Handing Emscripten the bytes keeps it from trying fetch(), which cannot read files in Node.
    const wasmBinary = readFileSync(join(folder, 'codec/dec/jxl_dec.wasm'));
    return init({ wasmBinary } as Parameters<typeof init>[0]);
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** JPEG XL to 8-bit RGBA (libvips as sharp ships it has no JPEG XL reader); refused before decoding above `maxPixels`. */
export async function decodeJxl(bytes: Uint8Array, maxPixels: number): Promise<DecodedPixels> {
  const claimed = jxlClaimedSize(bytes);
  if (claimed && claimed.width * claimed.height > maxPixels) {
    throw new ImageFormatError(`image is too large to decode safely (its header claims ${claimed.width}×${claimed.height} pixels)`);
  }
  await loadJxl();
  let image: { data: Uint8ClampedArray; width: number; height: number };
  try {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    image = await decode(copy.buffer);
  } catch (error) {
    throw new ImageFormatError("the JPEG XL file is damaged or uses a feature Lumen's JPEG XL decoder does not support", { cause: error });
  }
  const data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { data, width: image.width, height: image.height, channels: 4, premultiplied: false };
}
