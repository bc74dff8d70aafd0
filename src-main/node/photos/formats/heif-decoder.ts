import { packRows, type DecodedPixels, type PixelSize } from './decoded-pixels';
import { ImageFormatError } from './image-format-error';
import { isHeifError, loadLibheif, type HeifError, type HeifHandle, type Libheif } from './libheif-runtime';

export interface HeifPixels extends DecodedPixels {
  /** Upright size of the primary image (what the library records), also when a thumbnail was decoded. */
  primary: PixelSize;
  /** The primary image, or its embedded thumbnail where that was large enough for `sizeFor`. */
  decoded: 'primary' | 'thumbnail';
}

export interface HeifDecodeOptions {
  /** Size the caller will resize to, given the upright primary size; an embedded thumbnail at least this large is decoded instead. */
  sizeFor?: (primary: PixelSize) => PixelSize;
  /** Decoding refused above this many pixels (decompression bombs). */
  maxPixels: number;
}

// libheif error codes (heif_error_code) that mean "valid file, but not something this build decodes".
const UNSUPPORTED_FILETYPE = 3;
const UNSUPPORTED_FEATURE = 4;
const DECODER_PLUGIN_ERROR = 7;
/** What libheif says for a codec it was built without (AV1, VVC, JPEG 2000, … in this build). */
const PLUGIN_LOADING_ERROR = 11;

function failure(what: string, error: HeifError): ImageFormatError {
  const code = error.code.value;
  // libheif ends some messages with a newline.
  const detail = String(error.message).trim();
  if (code === UNSUPPORTED_FILETYPE || code === UNSUPPORTED_FEATURE || code === PLUGIN_LOADING_ERROR || /unsupported codec|no matching decoder/i.test(detail)) {
    return new ImageFormatError(`this HEIF file uses a codec or feature Lumen's HEIF decoder does not support (${detail})`);
  }
  if (code === DECODER_PLUGIN_ERROR) return new ImageFormatError(`the HEIF image data is damaged and cannot be decoded (${detail})`);
  return new ImageFormatError(`the HEIF file is damaged or incomplete: ${what} failed (${detail})`);
}

function thumbnailIds(lib: Libheif, handle: HeifHandle): number[] {
  const pointer = handle.$$?.ptr;
  if (pointer === undefined) return [];
  const count = lib._heif_image_handle_get_number_of_thumbnails(pointer);
  if (count <= 0) return [];
  const ids = lib._malloc(4 * count);
  try {
    const written = lib._heif_image_handle_get_list_of_thumbnail_IDs(pointer, ids, count);
    return Array.from(lib.HEAPU32.subarray(ids / 4, ids / 4 + written));
  } finally {
    lib._free(ids);
  }
}

/** Whether a thumbnail has the primary's shape, to within the pixel an encoder's rounding adds (a turned one would not). */
function sameAspect(thumbnail: PixelSize, primary: PixelSize): boolean {
  return Math.abs((thumbnail.width * primary.height) / primary.width - thumbnail.height) <= 1;
}

function decodeHandle(lib: Libheif, handle: HeifHandle): DecodedPixels {
  const alpha = lib.heif_image_handle_has_alpha_channel(handle) !== 0;
  const decoded = lib.heif_js_decode_image2(handle, lib.heif_colorspace_RGB, alpha ? lib.heif_chroma_interleaved_RGBA : lib.heif_chroma_interleaved_RGB);
  if (!decoded) throw new ImageFormatError('the HEIF image data is damaged and cannot be decoded');
  if (isHeifError(decoded)) throw failure('decoding', decoded);
  try {
    const plane = decoded.channels.find((c) => c.id.value === lib.heif_channel_interleaved.value);
    if (!plane) throw new ImageFormatError('the HEIF decoder returned no RGB pixels for this image');
    const channels = alpha ? 4 : 3;
    return {
      data: packRows(plane.data, plane.width * channels, plane.stride, plane.height),
      width: plane.width,
      height: plane.height,
      channels,
      premultiplied: alpha && lib.heif_image_handle_is_premultiplied_alpha(handle) !== 0,
    };
  } finally {
    lib.heif_image_release(decoded.image);
  }
}

/**
 * Decodes the primary image of a HEIF file (HEVC-coded HEIC, or any codec this libheif build has)
 * to upright 8-bit RGB(A). libheif applies the container's transforms (irot, imir, clap) itself,
 * so the pixels come out upright and EXIF Orientation, which describes the same turn again, must
 * not be applied on top. Where the file embeds a thumbnail at least as large as the caller needs
 * (`sizeFor`), the thumbnail is decoded instead: a few milliseconds instead of hundreds.
 */
export async function decodeHeif(bytes: Uint8Array, options: HeifDecodeOptions): Promise<HeifPixels> {
  const lib = await loadLibheif();
  const context = lib.heif_context_alloc();
  const handles: HeifHandle[] = [];
  try {
    const read = lib.heif_context_read_from_memory(context, bytes);
    if (read.code.value !== 0) throw failure('reading the container', read);
    const primary = lib.heif_js_context_get_primary_image_handle(context);
    if (isHeifError(primary)) throw failure('finding the primary image', primary);
    handles.push(primary);
    const size = { width: lib.heif_image_handle_get_width(primary), height: lib.heif_image_handle_get_height(primary) };
    if (size.width * size.height > options.maxPixels) {
      throw new ImageFormatError(
        `image is too large to decode safely (${size.width}×${size.height}, more than ${Math.round(options.maxPixels / 1e6)} megapixels)`,
      );
    }
    const wanted = options.sizeFor?.(size);
    if (wanted) {
      for (const id of thumbnailIds(lib, primary)) {
        const thumbnail = lib.heif_js_context_get_image_handle(context, id);
        if (isHeifError(thumbnail)) continue;
        handles.push(thumbnail);
        const thumbSize = { width: lib.heif_image_handle_get_width(thumbnail), height: lib.heif_image_handle_get_height(thumbnail) };
        if (thumbSize.width >= wanted.width && thumbSize.height >= wanted.height && sameAspect(thumbSize, size)) {
          return { ...decodeHandle(lib, thumbnail), primary: size, decoded: 'thumbnail' };
        }
      }
    }
    return { ...decodeHandle(lib, primary), primary: size, decoded: 'primary' };
  } finally {
    for (const handle of handles) lib.heif_image_handle_release(handle);
    lib.heif_context_free(context);
  }
}
