import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * libheif with its HEVC decoder (libde265), compiled to WebAssembly by the libheif-js package
 * (LGPL-3.0). It is loaded from two plain files, libheif-wasm/libheif.js and libheif.wasm, never
 * from a bundle: replacing those two files with another build of libheif is all it takes to
 * relink, as the LGPL asks (the packaged app keeps them unpacked for that; see docs/INDEXER.md).
 */

interface EnumValue {
  value: number;
}

export interface HeifError {
  code: EnumValue;
  subcode: EnumValue;
  message: string;
}

/** An embind object; `$$.ptr` is its address in WebAssembly memory, for the C calls embind does not wrap. */
export interface HeifHandle {
  $$?: { ptr?: number };
}

export interface HeifChannel {
  id: EnumValue;
  width: number;
  height: number;
  stride: number;
  data: Uint8Array;
}

export interface HeifDecodedImage {
  image: object;
  width: number;
  height: number;
  channels: HeifChannel[];
}

/** The part of libheif-js' embind API Lumen uses (its own .d.ts types most results as `any`). */
export interface Libheif {
  heif_get_version(): string;
  heif_context_alloc(): object;
  heif_context_free(context: object): void;
  heif_context_read_from_memory(context: object, data: Uint8Array): HeifError;
  heif_js_context_get_primary_image_handle(context: object): HeifHandle | HeifError;
  heif_js_context_get_image_handle(context: object, id: number): HeifHandle | HeifError;
  heif_image_handle_get_width(handle: HeifHandle): number;
  heif_image_handle_get_height(handle: HeifHandle): number;
  heif_image_handle_has_alpha_channel(handle: HeifHandle): number;
  heif_image_handle_is_premultiplied_alpha(handle: HeifHandle): number;
  heif_image_handle_release(handle: HeifHandle): void;
  heif_js_decode_image2(handle: HeifHandle, colorspace: EnumValue, chroma: EnumValue): HeifDecodedImage | HeifError | null;
  heif_image_release(image: object): void;
  heif_colorspace_RGB: EnumValue;
  heif_chroma_interleaved_RGB: EnumValue;
  heif_chroma_interleaved_RGBA: EnumValue;
  heif_channel_interleaved: EnumValue;
  _heif_image_handle_get_number_of_thumbnails(handlePtr: number): number;
  _heif_image_handle_get_list_of_thumbnail_IDs(handlePtr: number, ids: number, count: number): number;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU32: Uint32Array;
  ready?: Promise<unknown>;
}

type LibheifFactory = (options: { wasmBinary: Uint8Array; print?: (text: string) => void; printErr?: (text: string) => void }) => Libheif;

/** The folder holding libheif.js and libheif.wasm, as installed from npm (unpacked in the packaged app). */
export function libheifFolder(): string {
  return join(dirname(createRequire(import.meta.url).resolve('libheif-js/package.json')), 'libheif-wasm');
}

let loading: Promise<Libheif> | null = null;

/** One libheif instance per process, compiled on first use (about 30 ms). */
export function loadLibheif(): Promise<Libheif> {
  loading ??= (async () => {
    const folder = libheifFolder();
    const factory = createRequire(import.meta.url)(join(folder, 'libheif.js')) as LibheifFactory;
    const quiet = (): void => undefined;
    const module = factory({ wasmBinary: readFileSync(join(folder, 'libheif.wasm')), print: quiet, printErr: quiet });
    await module.ready;
    return module;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export function isHeifError(value: unknown): value is HeifError {
  return typeof value === 'object' && value !== null && 'code' in value && typeof (value as { code: unknown }).code === 'object';
}
