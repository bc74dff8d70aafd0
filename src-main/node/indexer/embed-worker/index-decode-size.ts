export interface ImageSize {
  width: number;
  height: number;
}

const covers = (size: ImageSize, other: ImageSize): boolean => size.width >= other.width && size.height >= other.height;

/**
 * The one size a photo is decoded to for indexing: the smallest that serves both the model's
 * resize and the thumbnail without enlarging either, so that libvips can decode at a fraction of
 * full resolution (JPEG DCT scaling to 1/2, 1/4 or 1/8) and nothing is resampled twice that need
 * not be. Where the model needs the larger image and its resize keeps the aspect, the decode goes
 * straight to the model's resize target, which the preprocessing then takes as it is; where the
 * thumbnail is the larger (a 4:3 photo and a 224-px model), straight to the thumbnail's size.
 * `thumbnail` is the thumbnail's size; `modelResize` the size the model's preprocessing resizes an
 * image of a given size to, or null where it takes the pixels as they are (then: full size).
 */
export function indexDecodeSize(upright: ImageSize, modelResize: (size: ImageSize) => ImageSize | null, thumbnail: ImageSize): ImageSize {
  const model = modelResize(upright);
  if (model === null) return upright;
  const modelScale = Math.max(model.width / upright.width, model.height / upright.height);
  if (modelScale >= 1) return upright;
  if (covers(model, thumbnail) && keepsAspect(upright, model)) {
    const again = modelResize(model);
    if (again !== null && again.width === model.width && again.height === model.height) return model;
  }
  if (covers(thumbnail, model)) return thumbnail;
  // A stretching resize (an exact size of another aspect), or a pixel of rounding between the two:
  // keep the aspect at the larger scale, never below either size.
  const scale = Math.max(modelScale, thumbnail.width / upright.width, thumbnail.height / upright.height);
  return {
    width: Math.min(upright.width, Math.max(model.width, thumbnail.width, Math.ceil(upright.width * scale - 1e-9))),
    height: Math.min(upright.height, Math.max(model.height, thumbnail.height, Math.ceil(upright.height * scale - 1e-9))),
  };
}

/** Whether `resized` has the aspect of `original` to within the one-pixel rounding of a resize. */
function keepsAspect(original: ImageSize, resized: ImageSize): boolean {
  return Math.abs((resized.width * original.height) / original.width - resized.height) <= 1;
}
