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
