import sharp from 'sharp';
import type { PreparedImage } from '../../model/image-preprocessor';
import type { RgbImage } from '../../model/rgb-image';
import { thumbnailSizeFor } from '../../photos/thumbnail';
import { decodeForIndex, type IndexDecodedImage } from './decode-for-index';
import { indexDecodeSize, type ImageSize } from './index-decode-size';

/** What decoding for indexing needs of the model: its preprocessing (ImageTextModel provides both). */
export interface ModelInput {
  prepareImage(image: RgbImage): Promise<PreparedImage>;
  /** The size the preprocessing resizes an image of this size to, or null where it uses the pixels as they are. */
  resizeTargetFor(size: ImageSize): ImageSize | null;
}

/**
 * Decodes a photo's bytes at the one size that serves both this model's input and the thumbnail
 * (see indexDecodeSize). Everything that embeds images decodes this way, in or out of the library,
 * so that the vectors of the same photo are the same.
 */
export function decodeForModel(bytes: Buffer, model: ModelInput, path?: string): Promise<IndexDecodedImage> {
  return decodeForIndex(bytes, (upright) => indexDecodeSize(upright, (size) => model.resizeTargetFor(size), thumbnailSizeFor(upright)), path);
}

/**
 * The model input from a photo decodeForModel decoded. Where the model's resize shrinks the decoded
 * pixels further (a 4:3 photo decoded at its thumbnail's 320×240 for a model that takes 298×224),
 * that last step is libvips' lanczos reduce, like the decode's own resize before it: antialiased,
 * as CLIP's PIL preprocessing is, and a third of the time of the affine transform the model's
 * preprocessing would use. The model's preprocessing then finds the image at its size and only
 * crops and normalizes. Where its resize would enlarge (a small photo), it does all of it with
 * the model's own filter.
 */
export async function prepareDecoded(image: RgbImage, model: ModelInput): Promise<PreparedImage> {
  const target = model.resizeTargetFor(image);
  if (target === null || target.width > image.width || target.height > image.height || (target.width === image.width && target.height === image.height)) {
    return model.prepareImage(image);
  }
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: target.width, height: target.height, fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return model.prepareImage({ data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height });
}
