import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import type { DecodedImage } from '../../photos/decode-image';
import { MAX_INPUT_PIXELS } from '../../photos/decode-image';
import { libvipsFormatName } from '../../photos/formats/format-name';
import { openOtherFormat } from '../../photos/formats/other-format-source';
import { displayP3ToSrgb, isDisplayP3 } from '../../photos/display-p3';
import { decodeAllowingMissingJpegEnd } from '../../photos/jpeg-end-marker';
import type { ImageSize } from './index-decode-size';

export interface IndexDecodedImage extends DecodedImage {
  /** Upright size of the original photo (what the library records), not of the decoded copy. */
  originalWidth: number;
  originalHeight: number;
}

function uprightSize(metadata: Metadata): ImageSize {
  return metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
}

async function decodeUpright(
  source: Sharp,
  knownUpright: ImageSize | undefined,
  sizeFor: (upright: ImageSize) => ImageSize,
): Promise<{ data: Buffer; info: OutputInfo; metadata: Metadata }> {
  const metadata = await source.metadata();
  const upright = knownUpright ?? uprightSize(metadata);
  const target = sizeFor(upright);
  let pipeline = source.rotate();
  if (target.width !== upright.width || target.height !== upright.height) {
    // fastShrinkOnLoad: sharp may then pick 1/8 for a shrink of 9× or more (1/4 from 5×); without it, only from 16× (8×).
    pipeline = pipeline.resize({ width: target.width, height: target.height, fit: 'fill', fastShrinkOnLoad: true });
  }
  // Transparent areas become white, for the thumbnail and the model alike (docs/INDEXER.md); dropping alpha showed whatever colour they hid, often black.
  const { data, info } = await pipeline.toColourspace('srgb').flatten({ background: '#ffffff' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data, info, metadata };
}

/**
 * Decodes a photo once, upright, at the size `sizeFor` picks from its upright full size (see
 * indexDecodeSize). The resize is in the decoding pipeline and nothing in it stops libvips from
 * shrinking on load (no extract or trim before it, no pipeline colourspace, orientation applied
 * after the resize), so a JPEG is decoded by DCT scaling, at 1/8 of its size for a 12-MP photo
 * and a thumbnail-sized result, never at full resolution; WebP is decoded scaled likewise.
 * Same refusals as decodeImage: damaged data, pixel bombs, first page/frame only.
 */
export async function decodeForIndex(bytes: Buffer, sizeFor: (upright: ImageSize) => ImageSize, path?: string): Promise<IndexDecodedImage> {
  // HEIC, camera RAW, JPEG XL and BMP: their decoders hand sharp pixels or an embedded JPEG (formats/).
  const other = await openOtherFormat(bytes, { path, sizeFor, maxPixels: MAX_INPUT_PIXELS });
  // A JPEG missing only its end marker is decoded again with it (jpeg-end-marker.ts); the other decoders' output never is.
  const { data, info, metadata } =
    other === null
      ? await decodeAllowingMissingJpegEnd(bytes, (input, failOn) =>
          decodeUpright(sharp(input, { failOn, limitInputPixels: MAX_INPUT_PIXELS, pages: 1, page: 0 }), undefined, sizeFor),
        )
      : await decodeUpright(sharp(other.input, other.options), other.upright, sizeFor);
  if (info.channels !== 3) throw new Error(`expected 3 colour channels after conversion, got ${info.channels}`);
  // libvips here keeps Display P3 samples as they are when asked for sRGB: converted after, for every format alike.
  if (isDisplayP3(other?.icc ?? metadata.icc)) displayP3ToSrgb(data);
  const upright = other?.upright ?? uprightSize(metadata);
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
    format: other?.format ?? libvipsFormatName(metadata),
    exif: other ? other.exif : metadata.exif,
    originalWidth: upright.width,
    originalHeight: upright.height,
  };
}
